; desc: random scalar ALU and jump program, seed 39 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 15
r4 = 2688
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 1
w2 s%= 2169
r4 = -r4
r8 s/= 3
if w4 s> -1 goto +2
if w3 s>= 16 goto +3
r2 &= -2
r7 ^= r5
w5 = (s16)w5
r5 -= r8
r3 += 63
r4 <<= 28
w3 s/= w2
if r8 <= r5 goto +1
w8 s%= 16
r8 <<= r8
if w4 >= w3 goto +1
w8 = -w8
r5 s%= 2
r4 = -r4
r5 ^= 65535
r0 = 0
exit
