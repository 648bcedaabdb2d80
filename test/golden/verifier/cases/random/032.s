; desc: random scalar ALU and jump program, seed 32 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 255
r4 = -16077
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 48
r2 s>>= r3
w5 /= 256
r8 /= 20933
r4 s/= 3
r4 = -r4
w7 <<= w5
w8 *= -20120
r7 /= r7
w5 s%= 1
r8 <<= r5
if r2 s< 32767 goto +1
if r2 s> 1 goto +4
w7 s/= w4
w5 = -w5
if r2 s< 29021 goto +2
w2 *= -2
w5 *= w4
if r2 s> 56 goto +4
r9 = r10
r9 += -64
r9 += r2
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
