; desc: random scalar ALU and jump program, seed 28 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 255
r4 = 15560
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 32
if r4 & r4 goto +4
r2 = be32 r2
w3 /= w8
r7 -= -255
w8 *= 2147483647
r3 -= r5
r7 %= r8
if r5 == r4 goto +3
w3 s/= 32767
w2 = -w2
if r8 s< 5670 goto +2
r8 s/= r4
r8 >>= 43
if r5 s> r5 goto +1
r0 = 0
exit
