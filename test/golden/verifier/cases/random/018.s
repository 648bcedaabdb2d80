; desc: random scalar ALU and jump program, seed 18 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 255
r4 = 256
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 1
if r7 <= 31 goto +1
if r5 s<= r7 goto +2
if r7 s> r3 goto +1
r7 %= r7
w5 &= w4
w5 %= w8
if w4 >= 2147483647 goto +1
if w4 s< w3 goto +4
w4 s%= -10756
r2 >>= 35
if r3 < -17114 goto +3
r7 s>>= r2
if r3 s> 2147483647 goto +2
if r4 s< r5 goto +4
w5 ^= w8
if r3 < r4 goto +2
if r8 == -305 goto +2
w2 -= 8452
w5 = (s8)w5
w3 <<= 28
r8 &= 0x38
r9 = r10
r9 += -64
r9 += r8
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
