; desc: random scalar ALU and jump program, seed 1 (scripts/verifier-golden/random-cases.ts)
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
r8 >>= 48
r5 &= r2
if r3 s< 31 goto +2
r2 <<= r5
if r7 s< r4 goto +4
if r7 != 8 goto +3
r2 += r8
w4 >>= 29
r2 %= -21873
if w8 < w2 goto +1
r3 ^= -14891
r3 %= 2
r2 >>= 50
r8 = -r8
r2 %= r3
w7 = -w7
r4 %= 8714
w3 %= -22292
if r2 > r4 goto +1
w3 ^= w3
r7 += 16
r8 &= r8
r5 &= 0x38
r9 = r10
r9 += -64
r9 += r5
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
