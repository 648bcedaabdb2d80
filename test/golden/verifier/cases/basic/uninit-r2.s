; desc: reading an uninitialised register (R2 !read_ok)
; type: socket_filter
r0 = r2
exit
