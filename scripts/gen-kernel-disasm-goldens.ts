/**
 * Collects every instruction line the Linux 6.18 verifier printed in the shared corpus logs
 * (../shared/corpus/ebpf-samples/kernel-logs/ and ../shared/corpus/kernel-doc-examples/) into
 * test/golden/kernel-disasm/lines.json: the `(xx) text` part of each line (instruction lines,
 * `Live regs` table rows and `mark_precise: … before N: (xx) …` lines), without the state that
 * follows (` ; R1=…`, or ` 4: R1=…` after a level-1 branch resumption), with occurrence counts.
 *
 * It also keeps the `Live regs before insn:` table of level-2 logs whose object is among the
 * llvm goldens (test/golden/llvm/objects/<object>.<section>.bin): one row per instruction of the
 * program as the kernel printed it, to compare with the printer run on the object's own bytes.
 *
 * Run: node --import tsx scripts/gen-kernel-disasm-goldens.ts (after scripts/gen-llvm-goldens.sh)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const CORPUS = resolve(ROOT, '../shared/corpus');
const DIRS = ['ebpf-samples/kernel-logs', 'kernel-doc-examples'];

const counts = new Map<string, number>();
const files: string[] = [];
let total = 0;
for (const dir of DIRS) {
  for (const name of readdirSync(join(CORPUS, dir)).filter((f) => f.endsWith('.txt')).sort()) {
    files.push(`${dir}/${name}`);
    for (const line of readFileSync(join(CORPUS, dir, name), 'utf8').split('\n')) {
      const m = /(?:^|\s)(\([0-9a-f]{2}\) .*)$/.exec(line);
      if (!m) continue;
      const text = m[1]!.replace(/\s+;.*$/, '').replace(/ \d+: (?:R\d|frame\d|safe).*$/, '').trimEnd();
      counts.set(text, (counts.get(text) ?? 0) + 1);
      total++;
    }
  }
}
/** Level-2 logs and the object section (as named in test/golden/llvm/objects.json) they verified. */
const TABLES = [
  { log: 'katran_xdp_root.o__xdp.level2.txt', object: 'katran__xdp_root.o', section: 'xdp' },
  { log: 'linux_tcp_clamp_kern.o__sockops.level2.txt', object: 'linux__tcp_clamp_kern.o', section: 'sockops' },
  { log: 'suricata_bypass_filter.o__filter.level2.txt', object: 'suricata__bypass_filter.o', section: 'filter' },
  { log: 'build_bpf_loop_helper.o__xdp.level2.txt', object: 'build__bpf_loop_helper.o', section: 'xdp' },
  { log: 'build_twostackvars.o__.text.level2.txt', object: 'build__twostackvars.o', section: '.text' },
  { log: 'cilium-examples_cgroup_skb_bpf_bpfel.o__cgroup_skb_egress.level2.txt', object: 'cilium-examples__cgroup_skb_bpf_bpfel.o', section: 'cgroup_skb/egress' },
  { log: 'new_linux_sockex2_kern.o__socket2.level2.txt', object: 'new_linux__sockex2_kern.o', section: 'socket2' },
  { log: 'prototype-kernel_napi_monitor_kern.o__tracepoint_napi_napi_poll.level2.txt', object: 'prototype-kernel__napi_monitor_kern.o', section: 'tracepoint/napi/napi_poll' },
];
const tables = TABLES.map((t) => {
  const rows: { pc: number; text: string }[] = [];
  const text = readFileSync(join(CORPUS, 'ebpf-samples/kernel-logs', t.log), 'utf8').split('\n');
  const start = text.indexOf('Live regs before insn:');
  for (const line of text.slice(start + 1)) {
    const m = /^\s*(?:\d+\s+)?(\d+): [.0-9]{10} (\([0-9a-f]{2}\) .*)$/.exec(line);
    if (!m) break;
    rows.push({ pc: Number(m[1]), text: m[2]! });
  }
  return { ...t, rows };
});

const lines = [...counts].sort((a, b) => a[0].localeCompare(b[0])).map(([text, count]) => ({ text, count }));
writeFileSync(join(ROOT, 'test/golden/kernel-disasm/lines.json'), JSON.stringify({
  kernel: 'Linux 6.18.44 verifier logs (shared corpus)', files, occurrences: total, lines, tables,
}, null, 0).replace(/\},\{/g, '},\n{') + '\n');
console.log(`${lines.length} distinct instruction texts, ${total} occurrences, from ${files.length} logs; ${tables.length} live-regs tables, ${tables.reduce((n, t) => n + t.rows.length, 0)} rows`);
