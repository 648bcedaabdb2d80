; desc: submitting a stack pointer
; type: socket_filter
; map: rb ringbuf 0 0 4096
r1 = r10
r1 += -8
r2 = 0
call bpf_ringbuf_submit
r0 = 0
exit
