; desc: random scalar ALU and jump program, seed 57 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 65520
r4 = 3
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 32
w3 |= 3
w7 *= -651
r4 *= r5
if w2 > w4 goto +3
if r4 > r8 goto +1
w4 s/= 65535
w3 += w4
if w2 s>= w4 goto +2
if r5 s> 16 goto +4
r7 /= r8
w7 >>= w3
r3 *= r2
if w2 != -255 goto +4
if w7 s>= w5 goto +1
w2 >>= w8
r2 /= -18913
if r8 s> 56 goto +4
r9 = r10
r9 += -64
r9 += r8
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
