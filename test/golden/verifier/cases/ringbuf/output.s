; desc: bpf_ringbuf_output of a stack buffer
; type: socket_filter
; map: rb ringbuf 0 0 4096
*(u64 *)(r10 - 8) = 0
r1 = map[rb] ll
r2 = r10
r2 += -8
r3 = 8
r4 = 0
call bpf_ringbuf_output
r0 = 0
exit
