; desc: random scalar ALU and jump program, seed 19 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 15
r4 = 63
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 48
r5 ^= r5
if r5 s<= 2147483647 goto +2
if r2 != r3 goto +4
r8 |= -32673
r8 |= r8
r4 ^= r2
w5 = -w5
if r4 s> -20625 goto +1
r3 = (s16)r5
r5 = -r5
w8 s/= 2
r8 |= r8
r5 <<= 53
w7 -= 8
r7 /= r8
w4 = w3
r2 /= r2
r2 s>>= r8
r5 >>= r2
if w7 s<= w5 goto +1
w3 >>= 9
r7 &= 0x38
r9 = r10
r9 += -64
r9 += r7
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
