; desc: random scalar ALU and jump program, seed 11 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 65520
r4 = 32768
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 32
r2 <<= 43
r3 &= r5
r4 = r2
w8 *= -8
r8 = -r8
r8 ^= 65535
r4 s%= r2
w4 %= 2
if w5 s<= -32768 goto +3
r8 |= r8
if r4 <= 2917 goto +1
r5 s%= 2
w5 >>= 29
r7 += r5
r7 -= r7
if w7 s>= 4539 goto +3
r4 *= r8
w7 s/= w5
r4 = -r4
r3 s>>= 18
r0 = 0
exit
