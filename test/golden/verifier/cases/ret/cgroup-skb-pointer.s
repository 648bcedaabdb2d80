; desc: cgroup_skb returns the ctx pointer
; type: cgroup_skb
r0 = r1
exit
