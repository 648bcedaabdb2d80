; desc: random scalar ALU and jump program, seed 38 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 65520
r4 = -28439
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 48
if r4 <= r3 goto +1
w4 s/= -32768
r3 ^= 26057
w5 s%= 3
r5 /= 31
w7 |= w4
if w3 < w2 goto +1
w5 -= w4
w4 = -w4
w7 %= w7
if r5 s<= 256 goto +1
if r7 s> 65535 goto +2
r8 = (s8)r5
w5 <<= w7
w5 <<= 26
r4 s>>= r7
w2 >>= w3
w8 <<= 1
w5 <<= w7
if w5 <= 18877 goto +1
r0 = 0
exit
