; desc: random scalar ALU and jump program, seed 52 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 15
r4 = 63
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 48
r2 = 0
w2 *= 0
w7 s>>= w7
r3 = -r3
r7 += r4
if w8 s> 2 goto +2
r7 >>= r2
r8 = r5
w3 <<= w8
w7 = w7
w2 += 6684
if w2 < w7 goto +3
if r5 > 8 goto +4
r2 %= r7
r5 s/= r2
r7 |= 7
if r5 != 26784 goto +1
r3 &= 0x38
r9 = r10
r9 += -64
r9 += r3
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
