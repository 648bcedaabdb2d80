; desc: bpf_loop with a scalar where the callback goes
; type: socket_filter
r1 = 4
r2 = 0
r3 = 0
r4 = 0
call bpf_loop
r0 = 0
exit
