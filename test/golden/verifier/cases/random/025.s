; desc: random scalar ALU and jump program, seed 25 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 65520
r4 = 4908
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 32
r4 %= r5
r7 /= 28103
if w8 != 32767 goto +1
w2 &= w4
w3 ^= w8
w5 >>= w2
if w2 s< 2147483647 goto +1
r3 -= r5
r8 s/= r4
r2 %= r2
r8 /= r7
r3 /= 8
r3 += r5
w8 s>>= w8
r0 = 0
exit
