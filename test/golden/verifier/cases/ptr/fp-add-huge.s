; desc: a constant that moves the stack pointer far out of the frame
; type: socket_filter
r2 = r10
r2 += -600
*(u64 *)(r2 + 0) = 0
r0 = 0
exit
