; desc: random scalar ALU and jump program, seed 4 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 60
r4 = 7
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 1
r2 <<= r7
w5 &= -1878
r7 s>>= r2
r5 -= r5
r5 ^= -9829
r5 += r4
w7 s%= w4
if w2 s<= w7 goto +1
r5 <<= 49
r8 s%= r2
r2 -= 31
if w8 s> w7 goto +3
if w7 != w8 goto +1
w4 = -w4
r7 &= 0x38
r9 = r10
r9 += -64
r9 += r7
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
