; desc: random scalar ALU and jump program, seed 36 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 60
r4 = -16069
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 1
w5 s>>= w2
w2 s%= -23351
if r2 == r3 goto +3
r2 /= r8
r2 /= r7
w5 %= -2
w3 s>>= 3
if w7 s< 32768 goto +4
w5 = -w5
w5 >>= w2
w7 *= 15
r3 >>= r5
w8 s>>= w7
if r8 s<= r2 goto +3
w7 *= w7
r2 &= -2
r5 = le16 r5
r5 = -r5
r7 <<= 1
w3 = -w3
r2 &= 0x38
r9 = r10
r9 += -64
r9 += r2
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
