; desc: 256 + 304 bytes of stack across two frames
; type: socket_filter
*(u64 *)(r10 - 256) = 0
call sub
exit
sub:
*(u64 *)(r10 - 304) = 0
r0 = 0
exit
