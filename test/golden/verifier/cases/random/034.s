; desc: random scalar ALU and jump program, seed 34 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 65520
r4 = -25190
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 8
w4 *= w2
r2 s%= r3
if r8 <= 8 goto +2
w8 &= w7
w4 s%= w7
r7 %= r2
w2 = -w2
r3 *= 3358
w3 ^= 32767
r4 += -2
r7 %= -1
r7 += r8
w7 *= 3
if r3 s> 56 goto +4
r9 = r10
r9 += -64
r9 += r3
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
