; desc: a reservation never submitted
; type: socket_filter
; map: rb ringbuf 0 0 4096
r1 = map[rb] ll
r2 = 8
r3 = 0
call bpf_ringbuf_reserve
r0 = 0
exit
