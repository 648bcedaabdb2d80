; desc: random scalar ALU and jump program, seed 47 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 65520
r4 = 255
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 32
w7 += w4
r5 = (s32)r5
w2 s/= -2
if w3 >= 0 goto +3
r3 >>= r3
w4 /= w5
r3 s/= 3
r2 ^= r3
w4 ^= w5
r3 *= r2
w2 |= -23848
w7 += w3
if w3 s< -22290 goto +1
r7 = -r7
r3 s>>= r7
r7 /= 32767
r3 >>= r7
r4 &= 0x38
r9 = r10
r9 += -64
r9 += r4
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
