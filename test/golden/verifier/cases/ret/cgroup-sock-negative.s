; desc: cgroup_sock returns -1
; type: cgroup_sock
r0 = -1
exit
