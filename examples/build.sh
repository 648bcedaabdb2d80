#!/bin/sh
# Rebuilds the example objects: clang -O2 -g -target bpf (clang 14 on Debian was used for the
# committed .o files). Run from anywhere.
set -e
cd "$(dirname "$0")"
for c in xdp_counter xdp_droplist socket_filter tc_rewrite ringbuf tailcall globals xdp_printk xdp_adjust maps_tour raw_tp_args tc_tail; do
  clang -O2 -g -target bpf -I/usr/include/x86_64-linux-gnu -c "$c.c" -o "$c.o"
done
