; desc: random scalar ALU and jump program, seed 29 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 15
r4 = 15
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 1
r4 = -r4
w2 s>>= 26
w3 -= w5
if r4 s<= 15 goto +3
w3 ^= w7
r2 |= 8
if w5 <= w5 goto +2
if r8 s<= r3 goto +2
w8 |= w4
r4 s%= r2
r5 <<= 42
r4 = -16275
r5 %= 8
if r5 >= r3 goto +2
r5 s%= 32767
r5 &= 0x38
r9 = r10
r9 += -64
r9 += r5
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
