; desc: writing a reservation after submitting it
; type: socket_filter
; map: rb ringbuf 0 0 4096
r1 = map[rb] ll
r2 = 8
r3 = 0
call bpf_ringbuf_reserve
if r0 == 0 goto +5
r6 = r0
r1 = r6
r2 = 0
call bpf_ringbuf_submit
*(u64 *)(r6 + 0) = 1
r0 = 0
exit
