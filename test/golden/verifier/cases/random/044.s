; desc: random scalar ALU and jump program, seed 44 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 60
r4 = 1
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 48
r5 <<= r8
if w7 <= 256 goto +2
if r8 & -5703 goto +2
if w3 == 16 goto +4
r5 += 28744
r4 |= -10384
if r8 >= -8 goto +1
r8 *= r5
if w8 <= w5 goto +1
r7 -= r3
w8 *= w5
w2 = -w2
w3 = (s8)w4
if r4 s<= -2 goto +4
r4 <<= 50
if r5 < r2 goto +2
r2 |= r4
if w5 < w7 goto +1
r7 &= 0x38
r9 = r10
r9 += -64
r9 += r7
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
