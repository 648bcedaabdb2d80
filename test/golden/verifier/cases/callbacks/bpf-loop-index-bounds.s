; desc: the callback's index is an unknown u32 scalar; using it as a map value offset fails
; type: socket_filter
; func_info: yes
; map: m array 4 16 1
r1 = 4
ld_pseudo r2, 4, 6
r3 = 0
r4 = 0
call bpf_loop
r0 = 0
exit
cb:
r6 = r1
*(u32 *)(r10 - 4) = 0
r2 = r10
r2 += -4
r1 = map[m] ll
call bpf_map_lookup_elem
if r0 == 0 goto +2
r0 += r6
*(u8 *)(r0 + 0) = 1
r0 = 0
exit
