/**
 * The filter compiler against tcpdump 4.99 / libpcap 1.10 (goldens from scripts/gen-tcpdump-goldens.ts
 * and scripts/gen-tcpdump-verdicts.ts): unoptimised and optimised programs byte for byte, error
 * messages, and per-packet verdicts over deterministic random captures.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compileClassic } from '../../src/classic/index.js';
import { compileFilter, FilterError } from '../../src/filter/index.js';
import type { SockFilter } from '../../src/isa/classic.js';
import { formatTcpdump, formatTcpdumpDd, formatTcpdumpDdd, parseTcpdumpDdd } from '../../src/text/classic-disasm.js';
import { type FramingLinkType, LINKTYPE_NUMBER, makePackets, pcapFile, type TestPacket } from './packets.js';

interface GoldenCase {
  expr: string; linkType: FramingLinkType; snaplen?: number; savefile?: boolean;
  d?: string[]; dd?: string[]; ddd?: string[]; O_d?: string[]; O_ddd?: string[]; error?: string; O_error?: string;
}
const golden = JSON.parse(readFileSync(new URL('../golden/tcpdump/expressions.json', import.meta.url), 'utf8')) as { cases: GoldenCase[] };
interface VerdictSet { seed: number; packets: number; sha256: string; verdicts: Record<string, string> }
const verdictGolden = JSON.parse(readFileSync(new URL('../golden/tcpdump/verdicts.json', import.meta.url), 'utf8')) as { linkTypes: Record<FramingLinkType, VerdictSet> };

const text = (lines: string[]) => lines.join('\n') + '\n';
const opts = (c: GoldenCase, optimize: boolean) => ({ linkType: c.linkType, snaplen: c.snaplen, optimize, savefile: c.savefile ?? false });
const label = (c: GoldenCase) => `${c.savefile ? '-r ' : ''}${c.linkType}${c.snaplen === undefined ? '' : ` -s ${c.snaplen}`} '${c.expr}'`;

test('unoptimised programs equal tcpdump -O (-d and -ddd) for every golden expression', () => {
  let n = 0;
  for (const c of golden.cases) {
    if (!c.O_ddd || !c.O_d) continue;
    const prog = compileFilter(c.expr, opts(c, false));
    assert.equal(formatTcpdumpDdd(prog), text(c.O_ddd), label(c));
    assert.equal(formatTcpdump(prog), text(c.O_d), label(c));
    n++;
  }
  assert.ok(n >= 1000, `only ${n} cases`);
  console.log(`# -O: ${n}/${n} programs identical to tcpdump's`);
});

test('optimised programs equal tcpdump (-d, -dd, -ddd) for every golden expression', () => {
  let same = 0;
  let total = 0;
  for (const c of golden.cases) {
    if (!c.ddd || !c.d || !c.dd) continue;
    total++;
    const prog = compileFilter(c.expr, opts(c, true));
    assert.ok(prog.length <= c.ddd.length - 1, `${label(c)}: ${prog.length} instructions, tcpdump ${c.ddd.length - 1}`);
    assert.equal(formatTcpdumpDdd(prog), text(c.ddd), label(c));
    assert.equal(formatTcpdump(prog), text(c.d), label(c));
    assert.equal(formatTcpdumpDd(prog), text(c.dd), label(c));
    same++;
  }
  console.log(`# optimised: ${same}/${total} programs identical to tcpdump's`);
});

/**
 * Where tsbpf's message differs: libpcap's scanner reads `1:2:3:4:5` as a broken MAC address
 * ("bogus ethernet address 1:2:3:4:"); tsbpf reads a number and rejects the rest.
 */
const MESSAGE_DIFFERS = new Set(['ether host 1:2:3:4:5']);

test('expressions tcpdump rejects are rejected with libpcap\'s message', () => {
  let n = 0;
  for (const c of golden.cases) {
    const wanted = c.ddd ? undefined : c.error;
    if (wanted === undefined) continue;
    n++;
    assert.throws(() => compileFilter(c.expr, opts(c, true)), (e: unknown) => {
      assert.ok(e instanceof FilterError, `${label(c)}: ${String(e)}`);
      const want = wanted.replace(/^can't parse filter expression: /, '');
      if (want === 'syntax error') assert.match(e.detail, /^syntax error/, label(c));
      else if (!MESSAGE_DIFFERS.has(c.expr)) assert.equal(e.detail, want, label(c));
      return true;
    }, label(c));
  }
  assert.ok(n >= 300, `only ${n} error cases`);
});

test('syntax errors name the column and what was expected', () => {
  const cases: [string, number, RegExp][] = [
    ['tcp and', 8, /expected .*found end of expression/],
    ['(tcp', 5, /expected '\)'/],
    ['tcp)', 4, /expected 'and', 'or' or end of expression, found '\)'/],
    ['ip[0] =', 8, /expected a number/],
    ['host', 5, /expected an address, number or name/],
  ];
  for (const [expr, column, re] of cases) {
    assert.throws(() => compileFilter(expr), (e: unknown) => e instanceof FilterError && e.column === column && re.test(e.detail), expr);
  }
  assert.throws(() => compileFilter('port 99999'), /filter:1:6: illegal port number 99999 > 65535/);
  assert.throws(() => compileFilter('host nosuchhost.example'), /unknown host 'nosuchhost.example'/);
  assert.throws(() => compileFilter('ip', { linkType: 'FDDI' }), /unsupported link type/);
});

function verdicts(prog: readonly SockFilter[], linkType: FramingLinkType, packets: TestPacket[]): boolean[] {
  const run = compileClassic(prog, { linkType: LINKTYPE_NUMBER[linkType] });
  return packets.map((p) => run(p.data, { len: p.wireLen }) !== 0);
}

function fromBitmap(hex: string, n: number): boolean[] {
  const bytes = Buffer.from(hex, 'hex');
  return Array.from({ length: n }, (_, i) => (bytes[i >> 3]! & (1 << (i & 7))) !== 0);
}

test('verdicts equal tcpdump -r on the golden captures, for every expression and link type', () => {
  let programs = 0;
  let mixed = 0;
  let registerShifts = 0;
  for (const [lt, set] of Object.entries(verdictGolden.linkTypes) as [FramingLinkType, VerdictSet][]) {
    const packets = makePackets(lt, set.packets, set.seed);
    assert.equal(createHash('sha256').update(pcapFile(lt, packets)).digest('hex'), set.sha256, `${lt}: the packet generator changed; rerun scripts/gen-tcpdump-verdicts.ts`);
    for (const [expr, bitmap] of Object.entries(set.verdicts)) {
      const want = fromBitmap(bitmap, packets.length);
      // Only the optimised program: libpcap's optimiser may drop a load that would have rejected a
      // truncated packet, so -O programs can differ from tcpdump -r on such packets.
      const prog = compileFilter(expr, { linkType: lt, savefile: true });
      // A shift by X >= 32 yields 0 in libpcap's bpf_filter but shifts by X & 31 in the kernel,
      // whose rules the classic interpreter follows: such programs cannot be compared here.
      if (prog.some((i) => i.code === (0x04 | 0x08 | 0x60) || i.code === (0x04 | 0x08 | 0x70))) {
        registerShifts++;
        continue;
      }
      const got = verdicts(prog, lt, packets);
      const bad = got.findIndex((v, i) => v !== want[i]);
      assert.equal(bad, -1, `${lt} '${expr}': packet ${bad} tsbpf ${got[bad]}, tcpdump ${want[bad]}`);
      programs++;
      if (want.includes(true) && want.includes(false)) mixed++;
    }
  }
  console.log(`# verdicts: ${programs} programs agree with tcpdump on every packet (${mixed} of them both accept and reject); ${registerShifts} with register shifts not compared`);
});

test('optimised and unoptimised programs agree with tcpdump\'s programs on fresh random packets (classic interpreter)', () => {
  let n = 0;
  const packetsByLt = new Map<FramingLinkType, TestPacket[]>();
  for (const c of golden.cases) {
    if (!c.ddd || !c.O_ddd) continue;
    let packets = packetsByLt.get(c.linkType);
    if (!packets) packetsByLt.set(c.linkType, packets = makePackets(c.linkType, 300, 0xbeef + c.linkType.length));
    const theirs = verdicts(parseTcpdumpDdd(text(c.ddd)), c.linkType, packets);
    const ours = verdicts(compileFilter(c.expr, opts(c, true)), c.linkType, packets);
    assert.deepEqual(ours, theirs, label(c));
    const theirUnopt = verdicts(parseTcpdumpDdd(text(c.O_ddd)), c.linkType, packets);
    const ourUnopt = verdicts(compileFilter(c.expr, opts(c, false)), c.linkType, packets);
    assert.deepEqual(ourUnopt, theirUnopt, `${label(c)} (unoptimised)`);
    n++;
  }
  assert.ok(n >= 1000);
});
