; desc: R6 survives a helper call
; type: socket_filter
r6 = 3
call bpf_ktime_get_ns
r0 = r6
exit
