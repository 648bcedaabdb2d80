; desc: random scalar ALU and jump program, seed 8 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 15
r4 = 15
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 32
if r7 <= r2 goto +1
if r3 != r7 goto +1
r5 = le16 r5
r5 ^= r7
w5 s>>= w2
r8 = -r8
r7 /= 3
if r2 > r8 goto +1
r5 = le16 r5
if r7 > r4 goto +4
w8 >>= w5
r4 %= 31
w5 = (s8)w8
r2 = le32 r2
if r7 s< -1 goto +1
r4 /= r2
r3 = -r3
r0 = 0
exit
