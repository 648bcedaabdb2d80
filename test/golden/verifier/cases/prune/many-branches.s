; desc: a chain of independent branches (states multiply unless pruned)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r1 = 0
if r0 & 1 goto +1
r1 += 1
if r0 & 2 goto +1
r1 += 1
if r0 & 4 goto +1
r1 += 1
if r0 & 8 goto +1
r1 += 1
if r0 & 16 goto +1
r1 += 1
if r0 & 32 goto +1
r1 += 1
r0 = 0
exit
