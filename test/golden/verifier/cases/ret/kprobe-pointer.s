; desc: kprobe returns a pointer
; type: kprobe
r0 = r10
exit
