; desc: a jump lands on the second slot of an LD_IMM64
; type: socket_filter
r0 = 0
if r0 == 0 goto +1
r1 = 0x123456789 ll
exit
