; desc: read past the end of xdp_md
; type: xdp
r0 = *(u32 *)(r1 + 24)
exit
