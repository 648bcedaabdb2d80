; desc: a loop whose bound is unknown: the counter is imprecise
; type: socket_filter
; log_level: 1
; log_size: 65536
r2 = *(u32 *)(r1 + 0)
r1 = 0
loop:
r1 += 1
if r1 < r2 goto loop
r0 = 0
exit
