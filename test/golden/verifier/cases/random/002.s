; desc: random scalar ALU and jump program, seed 2 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 65520
r4 = 15
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 32
w4 s>>= w4
if w5 & w4 goto +1
if w2 < -32768 goto +3
w3 = -w3
if r2 == r7 goto +4
r8 *= 21438
if r8 s<= r8 goto +3
r2 = 16
r8 |= 7
w5 s%= w5
r3 *= r4
w4 = -w4
w2 s>>= w5
r3 s%= -30883
r5 = (s16)r2
if w4 s> w4 goto +3
r3 <<= r3
w3 /= w7
w4 = 2516
w2 %= 15
r0 = 0
exit
