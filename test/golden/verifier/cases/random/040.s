; desc: random scalar ALU and jump program, seed 40 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 65520
r4 = -31031
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 32
if w5 < -27346 goto +1
r2 &= 2147483647
r4 = bswap64 r4
r7 = -r7
w5 s%= -14952
if w3 s> 63 goto +1
if r3 == 65535 goto +2
r4 s>>= 45
w5 = -w5
r8 s/= r2
if r3 s>= r8 goto +2
w5 >>= w2
r8 s/= r8
w8 /= w2
if w4 >= w8 goto +1
if r3 s> 56 goto +4
r9 = r10
r9 += -64
r9 += r3
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
