/**
 * Collects every instruction line the Linux 6.18 verifier printed in the shared corpus logs
 * (../shared/corpus/ebpf-samples/kernel-logs/ and ../shared/corpus/kernel-doc-examples/) into
 * test/golden/kernel-disasm/lines.json: the `(xx) text` part of each line (instruction lines,
 * `Live regs` table rows and `mark_precise: … before N: (xx) …` lines), without the state that
 * follows (` ; R1=…`, or ` 4: R1=…` after a level-1 branch resumption), with occurrence counts.
 *
 * Run: node --import tsx scripts/gen-kernel-disasm-goldens.ts
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
const lines = [...counts].sort((a, b) => a[0].localeCompare(b[0])).map(([text, count]) => ({ text, count }));
writeFileSync(join(ROOT, 'test/golden/kernel-disasm/lines.json'), JSON.stringify({
  kernel: 'Linux 6.18.44 verifier logs (shared corpus)', files, occurrences: total, lines,
}, null, 0).replace(/\},\{/g, '},\n{') + '\n');
console.log(`${lines.length} distinct instruction texts, ${total} occurrences, from ${files.length} logs`);
