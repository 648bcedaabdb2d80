; desc: a u32 load is never > 0xffffffff: the branch is dead
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r3 = 0xffffffff ll
if r2 > r3 goto +2
r0 = 0
exit
r0 = 1
exit
