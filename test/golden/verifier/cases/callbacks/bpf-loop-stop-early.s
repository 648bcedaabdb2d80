; desc: a callback that stops the loop (returns 1) once a counter in the caller's stack reaches 3
; type: socket_filter
; func_info: yes
*(u64 *)(r10 - 8) = 0
r1 = 100
ld_pseudo r2, 4, 7
r3 = r10
r3 += -8
r4 = 0
call bpf_loop
r0 = *(u64 *)(r10 - 8)
exit
cb:
r1 = *(u64 *)(r2 + 0)
r1 += 1
*(u64 *)(r2 + 0) = r1
r0 = 0
if r1 < 3 goto +1
r0 = 1
exit
