; desc: bpf_perf_event_output of a stack buffer
; type: socket_filter
; map: events perf_event_array 4 4 2
*(u64 *)(r10 - 8) = 0
r2 = map[events] ll
r3 = 0xffffffff ll
r4 = r10
r4 += -8
r5 = 8
call bpf_perf_event_output
r0 = 0
exit
