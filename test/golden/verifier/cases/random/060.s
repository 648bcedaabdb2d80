; desc: random scalar ALU and jump program, seed 60 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 255
r4 = 8
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 32
w8 = -w8
w3 = w5
w7 ^= w4
r8 %= 32170
r5 *= r5
if r4 s>= 0 goto +1
if r4 < r8 goto +4
if r4 > 13677 goto +2
r7 += 8
r3 = bswap32 r3
r7 ^= r2
r5 <<= 38
r4 = (s16)r7
r4 s>>= r5
w5 *= w8
r2 &= 0
w7 *= 256
w7 = -w7
r0 = 0
exit
