; desc: cgroup_skb returns a value masked to [0, 1]
; type: cgroup_skb
r0 = *(u32 *)(r1 + 0)
r0 &= 1
exit
