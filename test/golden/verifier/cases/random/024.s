; desc: random scalar ALU and jump program, seed 24 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 255
r4 = -13507
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 1
r3 s/= r2
r7 s%= r7
r8 >>= 12
r7 &= -5090
r4 s>>= r5
r8 &= -2147483648
w8 = -w8
w5 /= w7
r8 s/= r5
r8 = bswap16 r8
if r7 == r3 goto +2
w3 ^= -32768
r5 *= r4
if r7 == r4 goto +1
r8 <<= r7
w5 s/= w7
if r2 s>= -3246 goto +1
if r7 s> 56 goto +4
r9 = r10
r9 += -64
r9 += r7
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
