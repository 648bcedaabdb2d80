; desc: sign-extending load of xdp_md.data
; type: xdp
r0 = *(s32 *)(r1 + 0)
r0 = 2
exit
