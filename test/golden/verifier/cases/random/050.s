; desc: random scalar ALU and jump program, seed 50 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 65520
r4 = 16
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 1
w3 s/= w3
w2 |= w4
r8 >>= r4
r3 s>>= 21
w7 = -w7
if w7 s>= 0 goto +2
w2 s%= w2
r5 = -28281
r4 = le32 r4
if w5 != -8 goto +1
w5 *= w5
if r4 > r4 goto +1
r5 &= 0x38
r9 = r10
r9 += -64
r9 += r5
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
