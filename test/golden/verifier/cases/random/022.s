; desc: random scalar ALU and jump program, seed 22 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 65520
r4 = 7
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 1
w4 = -w4
if r2 > 32767 goto +3
w5 -= w2
if w4 >= -25556 goto +1
if r3 == 2 goto +2
r7 += r7
r4 |= r3
r7 <<= r7
r2 = (s32)r4
r2 ^= r2
w3 *= -12473
w4 /= 31
w2 += w5
w4 = -w4
r3 &= -2147483648
if r4 s> 56 goto +4
r9 = r10
r9 += -64
r9 += r4
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
