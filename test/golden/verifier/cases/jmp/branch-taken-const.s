; desc: a comparison of constants: only one branch is walked
; type: socket_filter
r2 = 5
if r2 > 3 goto +2
r0 = 0
exit
r0 = 1
exit
