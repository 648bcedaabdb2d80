; desc: bpf_probe_read_kernel of 16 bytes into an 8-byte slot at the top
; type: kprobe
r1 = r10
r1 += -8
r2 = 16
r3 = 0
call bpf_probe_read_kernel
r0 = 0
exit
