; desc: writing past the reserved size
; type: socket_filter
; map: rb ringbuf 0 0 4096
r1 = map[rb] ll
r2 = 8
r3 = 0
call bpf_ringbuf_reserve
if r0 == 0 goto +4
*(u64 *)(r0 + 8) = 1
r1 = r0
r2 = 0
call bpf_ringbuf_submit
r0 = 0
exit
