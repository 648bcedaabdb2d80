; desc: random scalar ALU and jump program, seed 5 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 65520
r4 = -18366
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 32
r7 s/= 3
r3 %= r2
w3 -= w2
w3 s%= w8
w8 = -2
w2 %= w3
w3 += w5
r2 ^= r7
w3 = 2
if r5 == -23687 goto +1
w5 -= w7
w2 s%= w4
r2 &= 0x38
r9 = r10
r9 += -64
r9 += r2
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
