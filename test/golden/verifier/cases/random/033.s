; desc: random scalar ALU and jump program, seed 33 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 65520
r4 = 7869
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 1
w3 = w7
w5 = -w5
if r8 s> r5 goto +3
w7 >>= w8
w5 -= -22635
w8 <<= w2
r2 |= 24534
w7 = -w7
r7 = -r7
r2 = 32089
if r4 s<= r4 goto +2
if r8 s> 1 goto +4
w8 /= w8
w5 += w3
if w8 >= -2 goto +1
r7 &= 31
r4 &= 0x38
r9 = r10
r9 += -64
r9 += r4
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
