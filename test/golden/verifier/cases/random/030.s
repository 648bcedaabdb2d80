; desc: random scalar ALU and jump program, seed 30 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 60
r4 = -4619
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 1
r8 s/= r8
w7 >>= w3
w2 &= 7
w5 s%= w8
r2 = -r2
if r5 <= r2 goto +1
w7 s%= w2
w3 %= w4
w3 ^= w5
r4 s%= r4
w4 %= w7
if w4 & 255 goto +2
r3 ^= 15
if r8 s> 56 goto +4
r9 = r10
r9 += -64
r9 += r8
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
