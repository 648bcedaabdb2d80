; desc: random scalar ALU and jump program, seed 51 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 15
r4 = 63
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 1
r4 s/= 1
r3 = -r3
w5 &= -2
r3 = -r3
w5 = (s16)w7
r3 &= -23193
w4 -= -1
w2 <<= w2
if w2 != 15 goto +2
if r4 s> 63 goto +4
r8 s/= r8
w2 s%= w2
r8 |= r7
w2 s/= w5
r0 = 0
exit
