; desc: random scalar ALU and jump program, seed 13 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 65520
r4 = 1
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 1
r2 ^= 3
r4 <<= r5
r2 = -r2
if r2 s>= -8833 goto +1
r3 += r4
r3 s/= 2
r8 s>>= r7
if r3 & r7 goto +2
r7 <<= 34
w3 *= w2
if r7 >= r7 goto +2
w2 -= w3
if r5 s> 56 goto +4
r9 = r10
r9 += -64
r9 += r5
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
