; desc: no instructions at all (insn_cnt 0)
; type: socket_filter
