; desc: a local call past the end of the program
; type: socket_filter
call pc+10
exit
