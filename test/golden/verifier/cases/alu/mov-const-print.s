; desc: constants around the decimal/hex printing limit
; type: socket_filter
r2 = 32767
r3 = 32768
r4 = -32768
r5 = -32769
r0 = 0
exit
