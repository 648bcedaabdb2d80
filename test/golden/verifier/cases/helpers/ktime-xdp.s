; desc: bpf_ktime_get_ns in xdp
; type: xdp
call bpf_ktime_get_ns
r0 = 2
exit
