/**
 * The bundled examples. eBPF assembly examples are verbatim copies of verifier golden cases
 * (test/golden/verifier/cases/), so the kernel's verdict on them is known (Linux 6.18); the classic
 * one is the first bpf_asm golden's source (test/golden/bpf_tools/bpf_asm.json), the filter
 * expressions have tcpdump goldens (test/golden/tcpdump/expressions.json); objects and the
 * capture are the files in examples/, which the page fetches from `examples/` by name.
 * test/web/session.test.ts checks every copy against its original.
 */
import type { Example } from './api.js';

/** The capture every packet example runs over by default. */
export const EXAMPLE_CAPTURE = 'traffic.pcap';

/** Where each asm example was copied from (a case under test/golden/verifier/cases/). */
export const EXAMPLE_SOURCES: Record<string, string> = {
  'map-lookup': 'maps/null-check-ok',
  'xdp-bounds': 'pkt/check-ok',
  'xdp-out-of-bounds': 'pkt/check-oob',
  'map-update': 'maps/update-ok',
};

export const EXAMPLES: Example[] = [
  {
    id: 'map-lookup', title: 'Map lookup with a NULL check',
    description: 'A socket filter looks a key up in a hash map and reads the value only after checking the pointer. Delete the check (`if r0 == 0 goto +1`) to see the kernel refuse `map_value_or_null`.',
    input: { kind: 'ebpf-asm', text: `; desc: read a map value after the NULL check
; type: socket_filter
; map: m hash 8 8 16
*(u64 *)(r10 - 8) = 0
r2 = r10
r2 += -8
r1 = map[m] ll
call bpf_map_lookup_elem
if r0 == 0 goto +1
r0 = *(u64 *)(r0 + 0)
exit
` },
    capture: EXAMPLE_CAPTURE, kernelVerdict: 'accept',
  },
  {
    id: 'xdp-bounds', title: 'XDP packet bounds check',
    description: 'Reads a byte of the Ethernet header after proving data + 14 <= data_end, as every XDP program must.',
    input: { kind: 'ebpf-asm', text: `; desc: data + 14 > data_end checked, read inside
; type: xdp
r2 = *(u32 *)(r1 + 0)
r3 = *(u32 *)(r1 + 4)
r4 = r2
r4 += 14
if r4 > r3 goto +2
r0 = *(u8 *)(r2 + 12)
exit
r0 = 2
exit
` },
    capture: EXAMPLE_CAPTURE, kernelVerdict: 'accept',
  },
  {
    id: 'xdp-out-of-bounds', title: 'XDP read past the checked range',
    description: 'Checks 14 bytes but reads byte 20: the kernel refuses the access.',
    input: { kind: 'ebpf-asm', text: `; desc: data + 14 checked, read at offset 20
; type: xdp
r2 = *(u32 *)(r1 + 0)
r3 = *(u32 *)(r1 + 4)
r4 = r2
r4 += 14
if r4 > r3 goto +2
r0 = *(u8 *)(r2 + 20)
exit
r0 = 2
exit
` },
    capture: EXAMPLE_CAPTURE, kernelVerdict: 'reject',
  },
  {
    id: 'map-update', title: 'Map update from the stack',
    description: 'bpf_map_update_elem with the key and the value built in stack slots.',
    input: { kind: 'ebpf-asm', text: `; desc: map_update_elem with key and value on the stack
; type: socket_filter
; map: m hash 8 8 16
*(u64 *)(r10 - 8) = 0
*(u64 *)(r10 - 16) = 1
r2 = r10
r2 += -8
r3 = r10
r3 += -16
r4 = 0
r1 = map[m] ll
call bpf_map_update_elem
r0 = 0
exit
` },
    capture: EXAMPLE_CAPTURE, kernelVerdict: 'accept',
  },
  {
    id: 'classic-ssh', title: 'Classic BPF: IPv4 TCP port 22',
    description: 'bpf_asm source keeping unfragmented IPv4 TCP packets from or to port 22 (the kernel documentation\'s example).',
    input: { kind: 'classic-asm', text: `ldh [12]
jne #0x800, drop
ldb [23]
jneq #6, drop
ldh [20]
jset #0x1fff, drop
ldxb 4 * ([14] & 0xf)
ldh [x + 14]
jeq #22, pass
ldh [x + 16]
jne #22, drop
pass: ret #-1
drop: ret #0
` }, capture: EXAMPLE_CAPTURE,
  },
  {
    id: 'filter-web', title: 'Filter expression: web traffic',
    description: 'A tcpdump expression compiled to classic BPF as tcpdump -d shows it.',
    input: { kind: 'filter', text: 'tcp and (port 80 or port 443)' }, capture: EXAMPLE_CAPTURE,
  },
  {
    id: 'filter-dns', title: 'Filter expression: DNS',
    description: 'TCP or UDP port 53, compiled per the capture\'s link type.',
    input: { kind: 'filter', text: '(tcp or udp) and port 53' }, capture: EXAMPLE_CAPTURE,
  },
  { id: 'xdp_counter', title: 'XDP per-protocol counter', description: 'Counts packets and bytes per IP protocol in a hash map; every packet passes.', input: { kind: 'object', file: 'xdp_counter.o' }, capture: EXAMPLE_CAPTURE },
  { id: 'xdp_droplist', title: 'XDP drop list (LPM trie)', description: 'Drops IPv4 packets whose source falls in a blocked prefix, counting drops per prefix.', input: { kind: 'object', file: 'xdp_droplist.o' }, capture: EXAMPLE_CAPTURE },
  { id: 'xdp_printk', title: 'XDP with bpf_printk', description: 'One trace line per ICMP packet and per DNS query.', input: { kind: 'object', file: 'xdp_printk.o' }, capture: EXAMPLE_CAPTURE },
  { id: 'xdp_adjust', title: 'XDP head/tail/metadata adjustment', description: 'Inserts a VLAN tag, trims and grows frames, adds metadata.', input: { kind: 'object', file: 'xdp_adjust.o' }, capture: EXAMPLE_CAPTURE },
  { id: 'maps_tour', title: 'A tour of map helpers', description: 'Queue, stack, bloom filter, per-CPU hash and map-in-map from XDP.', input: { kind: 'object', file: 'maps_tour.o' }, capture: EXAMPLE_CAPTURE },
  { id: 'socket_filter', title: 'Socket filter: HTTP(S)', description: 'Keeps IPv4 TCP packets to or from port 80 or 443 and counts kept/dropped packets.', input: { kind: 'object', file: 'socket_filter.o' }, capture: EXAMPLE_CAPTURE },
  { id: 'ringbuf', title: 'Ring buffer events', description: 'A ring-buffer record per TCP SYN and per UDP datagram.', input: { kind: 'object', file: 'ringbuf.o' }, capture: EXAMPLE_CAPTURE },
  { id: 'tailcall', title: 'Tail-call dispatcher', description: 'Jumps to a per-protocol handler through a program array.', input: { kind: 'object', file: 'tailcall.o' }, capture: EXAMPLE_CAPTURE },
  { id: 'tc_rewrite', title: 'tc DNS rewrite', description: 'Rewrites DNS to 8.8.8.8 with checksum helpers, decrements the TTL.', input: { kind: 'object', file: 'tc_rewrite.o' }, capture: EXAMPLE_CAPTURE },
  { id: 'tc_tail', title: 'tc packet resizing', description: 'Trims ICMP frames and grows UDP frames with bpf_skb_change_tail.', input: { kind: 'object', file: 'tc_tail.o' }, capture: EXAMPLE_CAPTURE },
  { id: 'globals', title: 'Global data and subprograms', description: '.rodata configuration, .data/.bss counters, bpf-to-bpf calls and a bpf_loop callback.', input: { kind: 'object', file: 'globals.o' }, capture: EXAMPLE_CAPTURE },
];
