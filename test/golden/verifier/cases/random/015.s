; desc: random scalar ALU and jump program, seed 15 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 15
r4 = 31
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 8
w8 += w2
w3 -= 1
r2 *= 32768
r2 >>= r8
w5 = -w5
if w3 > w7 goto +4
w4 <<= w8
if r2 s> r8 goto +1
w3 = 256
w5 = 2147483647
w2 ^= w3
if r2 >= -7881 goto +1
w2 ^= -15477
w4 /= -17289
r7 &= 0x38
r9 = r10
r9 += -64
r9 += r7
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
