; desc: LD_IMM64 of a 64-bit constant
; type: socket_filter
r0 = 0x1122334455667788 ll
exit
