; desc: R5 is not readable after a helper call
; type: socket_filter
call bpf_ktime_get_ns
r0 = r5
exit
