; desc: a sign-extending load of the ctx
; type: socket_filter
r0 = *(s16 *)(r1 + 0)
exit
