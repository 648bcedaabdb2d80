; desc: random scalar ALU and jump program, seed 17 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 65520
r4 = 256
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 1
w3 /= w3
r5 %= 32768
if r4 < -11750 goto +3
if w2 & w2 goto +2
if r7 s< -27050 goto +1
w8 *= -24552
r8 = (s32)r8
r2 *= 65535
w7 += -32768
if r5 != 32767 goto +2
w2 s%= w3
if r3 < r7 goto +1
r5 &= 0x38
r9 = r10
r9 += -64
r9 += r5
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
