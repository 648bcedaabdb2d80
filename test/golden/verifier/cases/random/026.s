; desc: random scalar ALU and jump program, seed 26 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 65520
r4 = 664
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 1
r8 = 23573
r5 = -r5
r3 s%= 8337
w2 = -w2
r3 = (s16)r4
if w8 s< 14957 goto +3
r3 s%= 2147483647
if r2 s>= r3 goto +1
w3 s%= w4
r7 >>= 42
if w7 < w8 goto +3
r8 %= r5
r2 = 32768
r2 -= 31
if r4 & -18753 goto +3
r5 = -r5
r3 = -r3
if w7 & w3 goto +2
r4 s%= 8
r4 |= -32768
r8 &= 0x38
r9 = r10
r9 += -64
r9 += r8
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
