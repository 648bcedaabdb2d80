; desc: random scalar ALU and jump program, seed 9 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 15
r4 = -23478
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 48
w3 -= -32768
r7 &= -255
r7 += 1
if w7 s>= 15 goto +2
r8 *= 5050
w5 |= 32767
w8 += -2147483648
w8 /= w8
w7 s>>= 17
r5 |= -32768
if w2 > w7 goto +2
if w5 != 7 goto +1
r3 *= -32768
r8 |= 16
r8 &= -28164
r8 s/= -9384
if r7 s<= 256 goto +1
r2 &= r3
w3 -= w2
r3 &= 0x38
r9 = r10
r9 += -64
r9 += r3
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
