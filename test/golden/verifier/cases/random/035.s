; desc: random scalar ALU and jump program, seed 35 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 15
r4 = 2147483647
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 48
r4 s/= 1
r3 /= r3
w4 *= 3
if r8 <= 32767 goto +3
r3 *= 7
if w2 > w3 goto +1
if r7 & 32768 goto +1
w8 = (s16)w2
w2 = (s16)w3
w5 s/= w5
if r4 s<= r4 goto +4
w4 /= 63
w5 /= -2147483648
r8 = -r8
if r2 s< -28225 goto +1
r0 = 0
exit
