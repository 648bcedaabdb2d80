; desc: comparing the ctx pointer with a constant (allowed when privileged)
; type: socket_filter
if r1 == 0 goto +2
r0 = 0
exit
r0 = 1
exit
