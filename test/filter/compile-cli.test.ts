/** `tsbpf compile` prints what tcpdump prints, and rejects bad input with a one-line error. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkClassic } from '../../src/classic/index.js';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { compileFilter, FilterError } from '../../src/filter/index.js';

interface GoldenCase { expr: string; linkType: string; snaplen?: number; savefile?: boolean; d?: string[]; dd?: string[]; ddd?: string[]; O_d?: string[]; O_ddd?: string[] }
const golden = JSON.parse(readFileSync(new URL('../golden/tcpdump/expressions.json', import.meta.url), 'utf8')) as { cases: GoldenCase[] };

/** An empty capture file of a link type, with snapshot length 65535. */
function emptyCapture(linkType: string): Uint8Array {
  const b = new Uint8Array(24);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 65535, true);
  v.setUint32(20, ({ EN10MB: 1, RAW: 101, LINUX_SLL: 113, NULL: 0 } as Record<string, number>)[linkType]!, true);
  return b;
}

function fakeIo(): { io: Io; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const io: Io = {
    stdout: (t) => { out += t; }, stderr: (t) => { err += t; },
    // `-r LINKTYPE.pcap` reads an empty capture of that link type.
    readFile: async (path) => emptyCapture(path.replace(/\.pcap$/, '')), writeFile: async () => {}, isTTY: false,
  };
  return { io, out: () => out, err: () => err };
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const f = fakeIo();
  const code = await main(['compile', ...args], f.io);
  return { code, out: f.out(), err: f.err() };
}

const lines = (xs: string[]) => xs.join('\n') + '\n';

test('tsbpf compile -d/-dd/-ddd/-O prints exactly what tcpdump prints', async () => {
  const picks = golden.cases.filter((c, i) => c.ddd && c.O_ddd && (i % 7 === 0 || c.savefile));
  assert.ok(picks.length > 100);
  for (const c of picks) {
    const base = c.savefile ? ['-r', `${c.linkType}.pcap`] : ['-y', c.linkType, ...(c.snaplen === undefined ? [] : ['-s', String(c.snaplen)])];
    const expr = c.expr === '' ? [] : ['--', c.expr];
    assert.equal((await run([...base, ...expr])).out, lines(c.d!), c.expr);
    assert.equal((await run([...base, '-dd', ...expr])).out, lines(c.dd!), c.expr);
    assert.equal((await run([...base, '-ddd', ...expr])).out, lines(c.ddd!), c.expr);
    assert.equal((await run([...base, '-O', '-d', ...expr])).out, lines(c.O_d!), c.expr);
    assert.equal((await run([...base, '-Oddd', ...expr])).out, lines(c.O_ddd!), c.expr);
  }
});

test('tsbpf compile joins the words of the expression and reports errors in one line', async () => {
  const r = await run(['tcp', 'port', '22']);
  assert.equal(r.code, 0);
  assert.equal(r.out, (await run(['tcp port 22'])).out);
  const bad = await run(['tcp', 'and']);
  assert.equal(bad.code, 1);
  assert.equal(bad.err, "tsbpf: filter:1:8: syntax error: expected a primitive, found end of expression\n");
  const dlt = await run(['-y', 'RAW', 'ether host 0:1:2:3:4:5']);
  assert.equal(dlt.code, 1);
  assert.match(dlt.err, /^tsbpf: filter:1:12: ethernet addresses supported only on ethernet/);
  assert.equal((await run(['-y'])).code, 2);
  assert.equal((await run(['-x', 'ip'])).code, 2);
});

/** Token soup from the filter language's vocabulary. */
const WORDS = [
  'ip', 'ip6', 'arp', 'rarp', 'tcp', 'udp', 'icmp', 'icmp6', 'sctp', 'ether', 'host', 'net', 'port', 'portrange',
  'src', 'dst', 'proto', 'and', 'or', 'not', '!', '(', ')', '[', ']', ':', '=', '!=', '<', '>', '+', '-', '*', '/',
  '&', '|', '<<', '>>', 'len', 'less', 'greater', 'vlan', 'mpls', 'broadcast', 'multicast', 'mask', '22', '0',
  '4', '100', '0xffff', '10.0.0.1', '10.0.0.0/8', '::1', 'fe80::/10', '00:11:22:33:44:55', 'tcpflags', 'tcp-syn',
  'ssh', 'foo', '1-1024', '255.0.0.0',
];

test('any token sequence compiles to a program the kernel accepts, or fails with a FilterError', () => {
  fc.assert(fc.property(
    fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }),
    fc.constantFrom('EN10MB', 'RAW', 'LINUX_SLL', 'NULL'),
    fc.boolean(),
    (words, linkType, optimize) => {
      try {
        const prog = compileFilter(words.join(' '), { linkType, optimize });
        checkClassic(prog, 'linux');
      } catch (e) {
        if (!(e instanceof FilterError)) throw e;
      }
    },
  ), { numRuns: 3000, seed: 7 });
});
