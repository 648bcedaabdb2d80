; desc: random scalar ALU and jump program, seed 45 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 15
r4 = 18787
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 8
r2 ^= 2
r8 = (s32)r4
w7 %= w4
r2 = -r2
if r4 s< r5 goto +3
r3 = (s32)r2
if w4 == -32768 goto +2
r5 -= r5
r4 |= 63
r3 ^= 9473
if r4 s<= r4 goto +2
if r3 >= -255 goto +2
if w3 >= 0 goto +1
r4 s/= r8
if r4 & r8 goto +1
if w5 == 16 goto +1
r5 &= 0x38
r9 = r10
r9 += -64
r9 += r5
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
