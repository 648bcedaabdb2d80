; desc: bpf_get_current_pid_tgid in a kprobe
; type: kprobe
call bpf_get_current_pid_tgid
r0 >>= 32
exit
