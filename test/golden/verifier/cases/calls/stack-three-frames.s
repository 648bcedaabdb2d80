; desc: three frames of 200 bytes each
; type: socket_filter
*(u64 *)(r10 - 200) = 0
call f
exit
f:
*(u64 *)(r10 - 200) = 0
call g
exit
g:
*(u64 *)(r10 - 200) = 0
r0 = 0
exit
