; desc: a branch the verifier proves never taken leads to garbage that is never checked
; type: socket_filter
r0 = 0
if r0 != 0 goto +1
exit
r0 = *(u64 *)(r9 + 0)
exit
