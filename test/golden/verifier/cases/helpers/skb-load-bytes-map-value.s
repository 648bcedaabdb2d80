; desc: bpf_skb_load_bytes into a map value
; type: socket_filter
; map: m hash 8 8 16
r6 = r1
*(u64 *)(r10 - 8) = 0
r2 = r10
r2 += -8
r1 = map[m] ll
call bpf_map_lookup_elem
if r0 == 0 goto +6
r1 = r6
r2 = 0
r3 = r0
r4 = 8
call bpf_skb_load_bytes
r0 = 0
exit
