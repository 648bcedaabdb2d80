; desc: random scalar ALU and jump program, seed 27 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 255
r4 = 0
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 1
if r3 <= 31 goto +2
if r3 s< r4 goto +4
w4 /= w3
r2 >>= r8
w3 >>= w7
w3 >>= w3
w2 %= w2
r2 = (s16)r2
if r3 < r5 goto +2
w3 %= 256
if r4 s< 15 goto +4
if w4 s< 7 goto +2
r4 += r8
if w7 >= w8 goto +3
r5 -= r2
r2 &= 7
r4 = -r4
if w2 & 2147483647 goto +3
if w3 s<= w8 goto +1
r3 -= r2
r0 = 0
exit
