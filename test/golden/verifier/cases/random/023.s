; desc: random scalar ALU and jump program, seed 23 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 15
r4 = 32768
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 8
r5 = (s32)r3
r8 |= r5
w3 /= w7
r5 s>>= 13
r5 s%= r8
r4 *= 32767
r7 = -r7
r3 -= 3
w5 += -31244
r5 /= r5
w2 |= -2147483648
if w8 s> 7945 goto +3
w5 /= -26941
if r8 == 8 goto +2
r3 s/= 255
r4 &= 0x38
r9 = r10
r9 += -64
r9 += r4
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
