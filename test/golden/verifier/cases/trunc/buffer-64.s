; desc: a 64-byte buffer for an accepted program: ENOSPC, the tail of the summary line kept
; type: socket_filter
; truncate: 64
r0 = 0
exit
