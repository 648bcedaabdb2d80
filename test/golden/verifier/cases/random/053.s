; desc: random scalar ALU and jump program, seed 53 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 15
r4 = -28742
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 48
r2 ^= 21696
if w5 <= w2 goto +2
w7 /= w2
if w3 s< w3 goto +4
r8 |= r8
r7 s/= 23069
r3 = bswap16 r3
r8 s/= r7
if r3 > 2147483647 goto +1
w4 /= w3
w8 -= 1
r8 %= r4
r0 = 0
exit
