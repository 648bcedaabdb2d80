; desc: random scalar ALU and jump program, seed 7 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 15
r4 = -2147483648
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 32
if r4 > r7 goto +1
if w5 >= 256 goto +4
if r8 s> 15 goto +4
r8 <<= 2
r4 = -r4
w4 |= 16
r2 %= r2
w8 = -255
w8 s%= 256
r7 s>>= 47
if r3 s<= -32768 goto +3
r5 s>>= 39
w2 ^= w3
w8 >>= 7
r7 *= 8
if r4 != 0 goto +2
if w2 < -1 goto +1
if r7 s> 56 goto +4
r9 = r10
r9 += -64
r9 += r7
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
