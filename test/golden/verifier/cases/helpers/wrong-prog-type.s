; desc: a tc-only helper in a socket filter
; type: socket_filter
r2 = 0
r3 = 0
call bpf_clone_redirect
r0 = 0
exit
