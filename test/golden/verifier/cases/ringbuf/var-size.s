; desc: a reservation of non-constant size
; type: socket_filter
; map: rb ringbuf 0 0 4096
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
r1 = map[rb] ll
r3 = 0
call bpf_ringbuf_reserve
if r0 == 0 goto +3
r1 = r0
r2 = 0
call bpf_ringbuf_discard
r0 = 0
exit
