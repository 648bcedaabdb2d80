; desc: random scalar ALU and jump program, seed 48 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 60
r4 = 8
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 1
w2 s>>= w5
if r4 > r7 goto +1
if r3 != r8 goto +4
r3 <<= r8
w4 += w5
w5 /= 65535
r2 = -r2
if w2 == w2 goto +2
w5 /= w3
r4 <<= 12
w2 = -w2
r2 >>= r7
r4 -= r7
w3 += 15
w7 >>= 3
if r2 < 15 goto +1
r5 &= 0x38
r9 = r10
r9 += -64
r9 += r5
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
