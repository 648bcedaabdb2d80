; desc: random scalar ALU and jump program, seed 21 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 255
r4 = 15
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 8
w8 |= w5
r2 *= r4
r5 -= 32767
r3 %= r8
r7 s/= 255
r2 &= r5
if w2 s< 32768 goto +2
w3 s%= w2
w7 &= w7
if r4 == r4 goto +3
w4 s>>= 29
r2 = bswap16 r2
w3 = (s16)w4
r5 += -2
r5 |= r3
if r5 & r4 goto +1
r5 &= 0x38
r9 = r10
r9 += -64
r9 += r5
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
