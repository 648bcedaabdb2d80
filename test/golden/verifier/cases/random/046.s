; desc: random scalar ALU and jump program, seed 46 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 15
r4 = -3790
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 48
if r5 <= r7 goto +1
if w8 > w8 goto +1
r3 <<= 28
if r7 <= r8 goto +1
if w8 s> w7 goto +2
r8 %= 256
w7 &= 2
r4 %= r7
r4 = (s16)r5
r7 &= 256
if r3 == 28821 goto +3
if r7 <= r3 goto +2
r5 s%= 65535
r7 += r3
if r4 s> 56 goto +4
r9 = r10
r9 += -64
r9 += r4
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
