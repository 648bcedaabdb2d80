; desc: random scalar ALU and jump program, seed 42 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 65520
r4 = -8
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 32
r3 s/= -12649
r5 = -r5
if r8 > r2 goto +1
r7 += r7
if r4 > 32768 goto +3
r3 s/= r3
r5 >>= 8
r2 |= r7
w3 *= w8
r8 <<= r7
r4 >>= r5
r2 %= r4
w2 *= w4
r2 &= 0x38
r9 = r10
r9 += -64
r9 += r2
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
