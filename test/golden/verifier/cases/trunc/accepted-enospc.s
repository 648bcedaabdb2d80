; desc: an accepted program whose level-1 log does not fit: ENOSPC
; type: socket_filter
; truncate: 128
r0 = 0
exit
