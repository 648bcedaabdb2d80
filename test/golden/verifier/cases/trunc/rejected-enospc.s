; desc: a rejected program whose log does not fit: ENOSPC replaces EACCES
; type: socket_filter
; truncate: 160
r2 = r1
r3 = r2
r4 = r3
r5 = r4
r0 = r9
exit
