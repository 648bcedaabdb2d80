; desc: an 8-byte read of xdp_md.data
; type: xdp
r0 = *(u64 *)(r1 + 0)
exit
