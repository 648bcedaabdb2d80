; desc: cgroup_skb returns 0
; type: cgroup_skb
r0 = 0
exit
