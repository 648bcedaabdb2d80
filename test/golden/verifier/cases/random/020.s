; desc: random scalar ALU and jump program, seed 20 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 60
r4 = 32768
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 8
r7 &= r3
if r3 != r3 goto +2
r3 s/= 7
if r3 != r2 goto +1
w4 = 0
r4 = -r4
r4 s/= -15009
if w2 s>= w7 goto +3
w7 s>>= 7
r3 = r8
if r8 >= -2 goto +4
if r3 <= r5 goto +2
w3 += -32768
r4 += r7
r4 -= -12492
r4 += r2
r3 &= 0x38
r9 = r10
r9 += -64
r9 += r3
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
