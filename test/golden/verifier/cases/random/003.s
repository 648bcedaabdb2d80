; desc: random scalar ALU and jump program, seed 3 (scripts/verifier-golden/random-cases.ts)
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
r8 >>= 1
if r4 == 7 goto +3
r7 %= -8
r2 %= r7
r4 = -r4
r8 >>= 33
w4 |= 31
w7 s%= 17378
r2 s/= r4
r5 s>>= 3
r2 s>>= 56
w7 <<= 17
if r8 < r2 goto +4
if r7 != 1531 goto +1
r5 = r2
w7 s>>= w8
r4 |= 255
w4 &= w3
r8 = (s8)r4
if r2 s> 0 goto +1
if r4 s> 56 goto +4
r9 = r10
r9 += -64
r9 += r4
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
