; desc: random scalar ALU and jump program, seed 12 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 255
r4 = 32767
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 48
r7 = bswap64 r7
r5 >>= 57
if r4 > 1 goto +2
r3 <<= r3
if r7 != 256 goto +1
if w4 == -8 goto +3
r3 = be16 r3
r5 = le32 r5
r8 /= r8
if r8 > r2 goto +4
r4 ^= r8
r8 -= r8
r2 <<= r3
if r2 s> 56 goto +4
r9 = r10
r9 += -64
r9 += r2
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
