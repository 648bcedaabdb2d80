; desc: random scalar ALU and jump program, seed 6 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 65520
r4 = 65535
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 1
r2 s%= r2
r4 <<= r8
w3 = -18463
r3 *= -255
r8 <<= 23
w2 %= w4
if r4 != r5 goto +2
r2 >>= 37
w7 *= 7
if w2 s< w3 goto +3
if w7 <= 16 goto +1
r3 *= r5
r8 = 31
w3 -= w7
r5 s%= -14000
r4 s>>= r8
r2 ^= 255
r0 = 0
exit
