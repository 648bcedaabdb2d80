; desc: LD_IMM64 into the frame pointer
; type: socket_filter
r10 = 0x1122334455 ll
r0 = 0
exit
