; desc: bpf_ringbuf_reserve on a hash map
; type: socket_filter
; map: m hash 8 8 16
r1 = map[m] ll
r2 = 8
r3 = 0
call bpf_ringbuf_reserve
r0 = 0
exit
