; desc: random scalar ALU and jump program, seed 43 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 60
r4 = 256
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 1
if w2 > w3 goto +4
w2 /= -17130
r8 <<= 16
if r3 <= r8 goto +4
w7 ^= w7
r3 s>>= 56
r8 = -r8
r8 s/= r2
w7 >>= 11
if r5 s>= -3260 goto +1
if r5 > r8 goto +1
w3 ^= 31
r0 = 0
exit
