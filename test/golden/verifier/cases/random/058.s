; desc: random scalar ALU and jump program, seed 58 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 255
r4 = 2147483647
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 1
r4 = (s32)r7
r2 = -r2
w3 s%= 8
r7 <<= 40
r2 %= r7
w5 s/= w5
r2 /= 63
r3 %= -255
r7 s/= r2
w7 |= 2
w3 %= w8
w5 s>>= 7
w3 = (s8)w2
r7 &= r8
w2 &= w5
r7 ^= r7
w3 s>>= w2
w4 *= 63
if w4 s<= 31 goto +2
if w7 s>= 2 goto +1
r0 = 0
exit
