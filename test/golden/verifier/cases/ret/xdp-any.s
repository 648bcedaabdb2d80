; desc: xdp returns 100 (not checked)
; type: xdp
r0 = 100
exit
