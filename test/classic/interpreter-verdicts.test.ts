/**
 * The classic interpreter against libpcap's userland bpf_filter, as run by tcpdump 4.99.3: for every
 * golden program and every packet of a generated capture, the interpreter accepts exactly the
 * packets `tcpdump -r` printed (test/golden/classic, from scripts/gen-classic-verdicts.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compileClassic } from '../../src/classic/interpreter.js';
import { LinkType } from '../../src/classic/skb.js';
import { parseTcpdumpDdd } from '../../src/text/classic-disasm.js';
import { readFixture } from './fixtures.js';

interface Case { expr: string; linkType: string; ddd?: string[] }
const golden = JSON.parse(readFileSync(new URL('../golden/tcpdump/expressions.json', import.meta.url), 'utf8')) as { cases: Case[] };
const verdicts = JSON.parse(readFileSync(new URL('../golden/classic/verdicts.json', import.meta.url), 'utf8')) as {
  verdicts: Record<string, Record<string, { accepted: number[]; ddd?: string[] }>>;
};

const LINK: Record<string, number> = { EN10MB: LinkType.EN10MB, RAW: LinkType.RAW, NULL: LinkType.NULL, LINUX_SLL: LinkType.LINUX_SLL };

for (const [name, linkType] of Object.entries(LINK)) {
  test(`interpreter accepts what tcpdump -r accepts (${name})`, () => {
    const packets = readFixture(name);
    const expected = verdicts.verdicts[name]!;
    let checked = 0;
    for (const c of golden.cases) {
      if (c.linkType !== name || !c.ddd || !(c.expr in expected)) continue;
      const verdict = expected[c.expr]!;
      const run = compileClassic(parseTcpdumpDdd((verdict.ddd ?? c.ddd).join('\n')), { linkType, semantics: 'libpcap' });
      const accepted = packets.flatMap((p, i) => (run(p.data, { len: p.wire }) > 0 ? [i] : []));
      assert.deepEqual(accepted, verdict.accepted, `${name} '${c.expr}'`);
      checked++;
    }
    assert.ok(checked > 200, `only ${checked} expressions`);
  });
}
