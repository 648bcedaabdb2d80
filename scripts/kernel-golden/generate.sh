#!/bin/sh
# Regenerates test/runtime/golden/*.json: the kernel's BPF_PROG_TEST_RUN results for every example
# on examples/traffic.pcap (output packets stored only where they differ from the input), and the
# map errno golden. Needs root, libbpf-dev and a C compiler.
set -e
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
out="$root/test/runtime/golden"
mkdir -p "$out"
cc -O2 -o /tmp/tsbpf-run-examples "$here/run-examples.c" -lbpf
cd "$root"
for pair in xdp_counter:xdp_count xdp_droplist:xdp_droplist socket_filter:web_only tc_rewrite:dns_rewrite \
            ringbuf:xdp_events tailcall:xdp_dispatch globals:xdp_globals xdp_adjust:xdp_adjust maps_tour:xdp_maps tc_tail:tc_tail; do
  obj="${pair%%:*}"; prog="${pair#*:}"
  /tmp/tsbpf-run-examples "examples/$obj.o" "$prog" examples/traffic.pcap > "$out/$obj.json"
done
# A raw tracepoint on context blobs (u64 args[4]): fixed contexts, the third argument a bad pointer.
python3 - > /tmp/tsbpf-raw-tp.hex <<'PY'
import struct
for i in range(40):
    print(struct.pack('<4Q', i * 7 + 3, i * i + 1, 0xdead000000000000 + i, 1000 - i).hex())
PY
/tmp/tsbpf-run-examples examples/raw_tp_args.o tp_args --ctx < /tmp/tsbpf-raw-tp.hex > "$out/raw_tp_args.json"

# trace_printk output: the kernel's trace buffer, message part only.
tr=/sys/kernel/tracing
[ -e "$tr/trace" ] || mount -t tracefs nodev "$tr"
echo 2048 > "$tr/buffer_size_kb" # the default 7 KB would drop lines
echo > "$tr/trace"
/tmp/tsbpf-run-examples examples/xdp_printk.o xdp_log examples/traffic.pcap > "$out/xdp_printk.json"
sed -n 's/.*bpf_trace_printk: //p' "$tr/trace" > "$out/xdp_printk.trace"
python3 "$here/maps-errno.py" > "$root/test/maps/golden/kernel-maps.json"
uname -r > "$out/KERNEL"
# Store output packets only where they differ from the input (lossless: the input is the capture).
python3 - "$out" <<'PY'
import json, os, struct, sys
out = sys.argv[1]
data = open('examples/traffic.pcap', 'rb').read()
frames, at = [], 24
while at + 16 <= len(data):
    caplen = struct.unpack_from('<I', data, at + 8)[0]
    frames.append(data[at + 16:at + 16 + caplen].hex()); at += 16 + caplen
for name in os.listdir(out):
    if not name.endswith('.json'):
        continue
    path = os.path.join(out, name)
    d = json.load(open(path))
    if 'object' not in d:  # context runs have no packets
        continue
    for run, frame in zip(d['runs'], frames):
        if run.get('out') == frame:
            run['out'] = None
    json.dump(d, open(path, 'w'), separators=(',', ':'))
PY
