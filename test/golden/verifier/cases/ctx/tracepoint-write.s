; desc: tracepoint may not write
; type: tracepoint
*(u64 *)(r1 + 8) = 0
r0 = 0
exit
