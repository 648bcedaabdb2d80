; desc: random scalar ALU and jump program, seed 55 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 255
r4 = 13587
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 32
r5 = -r5
r4 += r2
r2 = (s32)r4
if w3 s>= -1 goto +2
r4 >>= 29
w8 %= -16502
r4 s%= r2
w7 &= w5
w3 >>= w7
if w7 >= 63 goto +3
w3 s/= w4
w7 = (s8)w5
r7 &= 0x38
r9 = r10
r9 += -64
r9 += r7
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
