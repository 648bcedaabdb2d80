; desc: random scalar ALU and jump program, seed 54 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 255
r4 = 16
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 8
w5 s%= 31
r8 >>= r7
r3 /= r7
r4 /= 2
r8 /= r2
if r7 s> -1 goto +3
r8 s>>= 14
if r3 s< r3 goto +4
if r7 != 15 goto +4
r4 = le32 r4
r4 s/= r8
r8 s%= -9221
w8 s>>= 5
r3 = le32 r3
w2 >>= w5
r0 = 0
exit
