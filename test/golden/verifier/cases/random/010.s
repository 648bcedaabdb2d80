; desc: random scalar ALU and jump program, seed 10 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 65520
r4 = 12538
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 48
if r3 != 27662 goto +2
r4 %= r4
w5 %= 256
if r2 s< 3 goto +2
r5 *= r7
r2 = bswap16 r2
w5 ^= 31
r2 |= -255
if w2 s> 29772 goto +1
r3 s/= r3
r8 >>= r3
r5 = -r5
r8 ^= 7
r2 %= 16
r5 >>= 2
r7 >>= r5
r3 &= 0x38
r9 = r10
r9 += -64
r9 += r3
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
