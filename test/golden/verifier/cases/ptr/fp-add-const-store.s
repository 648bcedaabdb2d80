; desc: a stack pointer moved by constants then used
; type: socket_filter
r2 = r10
r2 += -600
r2 += 592
*(u64 *)(r2 + 0) = 0
r0 = 0
exit
