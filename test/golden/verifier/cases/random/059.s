; desc: random scalar ALU and jump program, seed 59 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 255
r4 = 8
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 1
w3 = -w3
r7 <<= r5
w4 = -w4
r4 |= 10583
if w4 & 2 goto +3
r3 s/= r5
if r7 s<= -1 goto +1
r5 s>>= 19
if r4 >= 32768 goto +4
if w3 >= w4 goto +2
if r2 <= 31 goto +1
if r2 s>= r7 goto +1
r7 <<= r2
if r8 s> 56 goto +4
r9 = r10
r9 += -64
r9 += r8
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
