; desc: gotol past the end of the program
; type: socket_filter
r0 = 0
gotol +100
exit
