; desc: cgroup_skb returns [0, 3]
; type: cgroup_skb
r0 = *(u32 *)(r1 + 0)
r0 &= 3
exit
