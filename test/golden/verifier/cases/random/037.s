; desc: random scalar ALU and jump program, seed 37 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 65520
r4 = -31044
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 32
r3 <<= 59
if w8 != w7 goto +2
r5 s>>= r5
w4 ^= 7
r7 = (s8)r7
r5 = -r5
r3 ^= 15
r8 /= 16
w7 |= w3
w4 = -w4
if w7 > 31 goto +2
r4 = (s32)r3
r2 ^= r7
r7 &= 0x38
r9 = r10
r9 += -64
r9 += r7
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
