; desc: cgroup_skb returns 2 (outside [0, 1])
; type: cgroup_skb
r0 = 2
exit
