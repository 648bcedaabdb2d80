; desc: signed modulo by a register (run-time zero check)
; type: socket_filter
r0 = 7
r1 = *(u32 *)(r1 + 0)
r0 s%= r1
exit
