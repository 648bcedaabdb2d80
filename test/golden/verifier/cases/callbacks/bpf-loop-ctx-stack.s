; desc: the callback writes the caller's stack through its ctx argument
; type: socket_filter
; func_info: yes
*(u64 *)(r10 - 8) = 0
r1 = 4
ld_pseudo r2, 4, 7
r3 = r10
r3 += -8
r4 = 0
call bpf_loop
r0 = *(u64 *)(r10 - 8)
exit
cb:
r3 = 1
lock *(u64 *)(r2 + 0) += r3
r0 = 0
exit
