; desc: random scalar ALU and jump program, seed 14 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 255
r4 = 256
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 8
if r7 >= r8 goto +1
if w2 == -32768 goto +3
r7 s%= r3
if r5 == 15 goto +4
r7 >>= 47
r3 = le16 r3
r2 |= 256
w5 /= 3569
r3 <<= r8
r4 %= 7
r5 >>= r2
r4 = -r4
r5 s>>= 11
if r3 s> 56 goto +4
r9 = r10
r9 += -64
r9 += r3
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
