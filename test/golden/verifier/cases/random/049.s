; desc: random scalar ALU and jump program, seed 49 (scripts/verifier-golden/random-cases.ts)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r3 &= 255
r4 = -2
r5 = *(u32 *)(r6 + 8)
r5 = (s8)r5
r8 = r7
r8 >>= 1
r4 += 8
r8 &= -2760
r5 ^= 8
w3 /= w7
if r7 == 7692 goto +4
w8 s/= 65535
r4 s/= 31
r3 /= 9964
r8 = -r8
w2 = -32768
w3 s%= -8
r3 <<= 21
r4 >>= 38
if r5 s>= 19505 goto +2
w3 s>>= w8
w7 ^= w7
r4 *= r8
r8 &= 0x38
r9 = r10
r9 += -64
r9 += r8
*(u64 *)(r9 + 0) = 0
r0 = 0
exit
