; desc: bpf_probe_read_kernel into the stack
; type: kprobe
r1 = r10
r1 += -8
r2 = 8
r3 = 0
call bpf_probe_read_kernel
r0 = *(u64 *)(r10 - 8)
exit
