; desc: random scalar ALU and jump program, seed 31 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 65520
r4 = 16361
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 1
r2 = 2147483647
r7 = (s32)r7
r7 = be32 r7
r7 /= 21886
w3 = -w3
w2 += -2
if r4 & r7 goto +4
r7 s/= r4
w3 &= -8
r8 |= r5
r5 ^= 63
if w5 < -32768 goto +1
r5 &= 32767
r4 <<= 43
r8 >>= r5
r2 <<= 1
r0 = 0
exit
