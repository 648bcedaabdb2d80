; desc: random scalar ALU and jump program, seed 56 (scripts/verifier-golden/random-cases.ts)
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
r8 >>= 8
r8 = (s8)r3
if r3 > -837 goto +1
w7 >>= 11
r2 = r8
r4 *= r4
w3 = (s16)w2
r8 ^= 29988
w4 s/= 63
r8 &= r3
if w8 s<= w2 goto +4
r2 *= -1
r8 &= 256
r5 ^= r8
if r7 s> r8 goto +1
w4 &= w3
r3 ^= 32767
if r5 s> 56 goto +4
r9 = r10
r9 += -64
r9 += r5
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
