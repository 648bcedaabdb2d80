; desc: random scalar ALU and jump program, seed 16 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 65520
r4 = -1
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 8
r8 *= r3
r5 %= r7
r5 |= 0
w2 <<= 12
w7 ^= -26114
r3 >>= r3
r3 s%= r2
w4 s/= -12954
if r7 >= 32768 goto +4
w8 /= -1
if w4 > -25051 goto +4
r2 *= r5
w8 >>= 10
if r4 s> r4 goto +2
w2 -= w4
r0 = 0
exit
