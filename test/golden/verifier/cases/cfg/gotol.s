; desc: JA32 (cpu v4 gotol) joining two paths
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r0 = 0
if r2 == 0 goto set
gotol done
set:
r0 = 1
done:
exit
