; desc: a loop of 2,000,000 iterations hits the 1M processed-instruction limit
; type: socket_filter
; log_level: 1
; log_size: 65536
r1 = 0
loop:
r1 += 1
if r1 < 2000000 goto loop
r0 = 0
exit
