; desc: random scalar ALU and jump program, seed 41 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 60
r4 = 32768
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 32
r8 += r4
if w4 >= 20289 goto +2
r3 *= r8
r2 |= r7
if r5 > 2794 goto +4
if w3 > 255 goto +3
r4 s>>= r3
r8 <<= 18
r8 /= r7
r4 /= -29780
w3 += w5
r5 *= r2
w4 = (s8)w3
r3 s%= -8
r4 &= r7
w4 <<= 27
w8 *= -32768
w2 = -w2
w2 <<= 20
if r5 > r3 goto +1
r0 = 0
exit
