; desc: write to a reservation without the NULL check
; type: socket_filter
; map: rb ringbuf 0 0 4096
r1 = map[rb] ll
r2 = 8
r3 = 0
call bpf_ringbuf_reserve
*(u64 *)(r0 + 0) = 1
r0 = 0
exit
