/**
 * Generates verdict goldens for the classic interpreter from tcpdump (libpcap's bpf_filter):
 * writes a deterministic set of packets per link type to test/golden/classic/packets-<LT>.pcap and
 * records, for every expression in test/golden/tcpdump/expressions.json, which packets
 * `tcpdump -r FILE -tt EXPR` prints (each packet has a unique timestamp = its index).
 *
 *   node --import tsx scripts/gen-classic-verdicts.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const OUT = new URL('../test/golden/classic/', import.meta.url);
mkdirSync(OUT, { recursive: true });

// --- a small seeded packet builder --------------------------------------------------------------------
let seed = 12345;
const rnd = (n: number): number => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % n;
};
const pick = <T>(a: readonly T[]): T => a[rnd(a.length)]!;

const u16 = (v: number): number[] => [(v >> 8) & 0xff, v & 0xff];
const u32 = (v: number): number[] => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
const ip4 = (s: string): number[] => s.split('.').map(Number);
function ip6(s: string): number[] {
  const [head, tail] = s.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.flatMap((g) => u16(Number.parseInt(g, 16)));
}

const HOSTS4 = ['10.0.0.1', '10.0.0.2', '1.2.3.4', '192.168.1.1', '10.0.0.254', '172.16.5.4', '10.1.2.3', '255.255.255.255', '224.0.0.1', '8.8.8.8'];
const HOSTS6 = ['::1', 'fe80::1', '2001:db8::1', '2001:db8:0:1::2', 'ff02::1', 'fe80::1:2:3:4', '::ffff:1.2.3.4'.replace('1.2.3.4', '102:304')];
const PORTS = [22, 53, 80, 443, 67, 68, 123, 1024, 8080, 6005, 33500, 7, 9, 65535, 0];
const MACS = ['00:11:22:33:44:55', 'ff:ff:ff:ff:ff:ff', '01:00:5e:00:00:01', '00:01:02:03:04:05', '01:02:03:04:05:06', '00:00:00:00:00:00'];
const mac = (s: string): number[] => s.split(':').map((x) => Number.parseInt(x, 16));

function transport(proto: number): number[] {
  const payload = Array.from({ length: pick([0, 4, 20, 100]) }, () => pick([0, 0x47, 0x45, 0x54, 0x20, 0x16, rnd(256)]));
  switch (proto) {
    case 6: {
      const doff = pick([5, 5, 6, 8]);
      return [...u16(pick(PORTS)), ...u16(pick(PORTS)), ...u32(rnd(3)), ...u32(0), (doff << 4), pick([0x02, 0x12, 0x10, 0x01, 0x04, 0x18, 0x20, 0x40, 0x80, 0x11]), ...u16(1024), 0, 0, 0, 0, ...Array((doff - 5) * 4).fill(1), ...payload];
    }
    case 17: return [...u16(pick(PORTS)), ...u16(pick(PORTS)), ...u16(8 + payload.length), 0, 0, ...payload];
    case 132: return [...u16(pick(PORTS)), ...u16(pick(PORTS)), ...u32(0), ...u32(0), ...payload];
    case 1: return [pick([8, 0, 3, 11, 5, 4]), pick([0, 1]), 0, 0, ...u32(1), ...payload];
    case 58: return [pick([128, 129, 135, 1]), 0, 0, 0, ...u32(1), ...payload];
    case 2: return [0x11, 0, 0, 0, ...u32(0xe0000001)];
    default: return payload;
  }
}

function ipv4Packet(): number[] {
  const proto = pick([6, 6, 17, 17, 1, 132, 2, 47]);
  const ihl = pick([5, 5, 5, 6, 15]);
  const body = transport(proto);
  const frag = pick([0, 0, 0, 0x4000, 0x2000, 0x0010]);
  const hdr = [0x40 | ihl, 0, ...u16(ihl * 4 + body.length), 0, 1, ...u16(frag), pick([1, 9, 64, 255]), proto, 0, 0, ...ip4(pick(HOSTS4)), ...ip4(pick(HOSTS4)), ...Array((ihl - 5) * 4).fill(1)];
  return [...hdr, ...body];
}

function ipv6Packet(): number[] {
  const proto = pick([6, 17, 58, 132]);
  const body = transport(proto);
  return [0x60, 0, 0, 0, ...u16(body.length), proto, 64, ...ip6(pick(HOSTS6)), ...ip6(pick(HOSTS6)), ...body];
}

function arpPacket(): number[] {
  return [0, 1, 8, 0, 6, 4, ...u16(pick([1, 2, 3, 4])), ...mac(pick(MACS)), ...ip4(pick(HOSTS4)), ...mac(pick(MACS)), ...ip4(pick(HOSTS4))];
}

type L3 = { type: number; bytes: number[] };
function l3(): L3 {
  const k = rnd(10);
  if (k < 5) return { type: 0x0800, bytes: ipv4Packet() };
  if (k < 8) return { type: 0x86dd, bytes: ipv6Packet() };
  if (k < 9) return { type: pick([0x0806, 0x8035]), bytes: arpPacket() };
  return { type: pick([0x88cc, 0x0800, 100, 1500]), bytes: Array.from({ length: 30 }, () => rnd(256)) };
}

function ethernet(): number[] {
  const inner = l3();
  const tags: number[] = [];
  let type = inner.type;
  const k = rnd(10);
  if (k === 0) tags.push(...u16(0x8100), ...u16(pick([100, 200, 10, 20, 0, 4095])));
  if (k === 1) tags.push(...u16(0x8100), ...u16(10), ...u16(0x8100), ...u16(20));
  let body = inner.bytes;
  if (k === 2) { // MPLS
    const label = pick([100, 10, 20, 0]);
    body = [...u32((label << 12) | 0x100 | 64), ...body];
    type = 0x8847;
  }
  const tail: number[] = [];
  const frame = [...mac(pick(MACS)), ...mac(pick(MACS)), ...tags, ...u16(type), ...body, ...tail];
  while (frame.length < 60) frame.push(0);
  return frame;
}

interface Packet { bytes: number[]; wire: number }
function truncate(bytes: number[]): Packet {
  const r = rnd(8);
  if (r === 0) return { bytes: bytes.slice(0, rnd(bytes.length) + 1), wire: bytes.length };
  return { bytes, wire: bytes.length };
}

const COUNT = 400;
const LINK: Record<string, { dlt: number; make: () => Packet }> = {
  EN10MB: { dlt: 1, make: () => truncate(ethernet()) },
  RAW: { dlt: 101, make: () => truncate(l3().bytes) },
  NULL: { dlt: 0, make: () => { const p = l3(); const af = p.type === 0x86dd ? 24 : 2; return truncate([af, 0, 0, 0, ...p.bytes]); } },
  LINUX_SLL: { dlt: 113, make: () => { const p = l3(); return truncate([...u16(pick([0, 4, 1, 2])), ...u16(1), ...u16(6), ...mac(pick(MACS)), 0, 0, ...u16(p.type), ...p.bytes]); } },
};

function pcapFile(dlt: number, packets: Packet[]): Uint8Array {
  const le32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
  const out: number[] = [0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, ...le32(0), ...le32(0), ...le32(262144), ...le32(dlt)];
  packets.forEach((p, i) => out.push(...le32(1_000_000 + i), ...le32(0), ...le32(p.bytes.length), ...le32(p.wire), ...p.bytes));
  return new Uint8Array(out);
}

interface Case { expr: string; linkType: string; ddd?: string[] }
const golden = JSON.parse(readFileSync(new URL('../test/golden/tcpdump/expressions.json', import.meta.url), 'utf8')) as { cases: Case[] };
/** Accepted packet indices; `ddd` only when `tcpdump -r` compiled a program other than the golden one. */
type Verdict = { accepted: number[]; ddd?: string[] };
const result: Record<string, Record<string, Verdict>> = {};
const version = execFileSync('tcpdump', ['--version'], { encoding: 'utf8' }).split('\n').slice(0, 2);
for (const [name, link] of Object.entries(LINK)) {
  const packets = Array.from({ length: COUNT }, link.make);
  const file = new URL(`packets-${name}.pcap`, OUT);
  writeFileSync(file, pcapFile(link.dlt, packets));
  const verdicts: Record<string, Verdict> = {};
  for (const c of golden.cases) {
    if (c.linkType !== name || !c.ddd || c.expr in verdicts) continue;
    const out = execFileSync('tcpdump', ['-n', '-tt', '-r', file.pathname, '--', c.expr], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 });
    const accepted = out.split('\n').filter((l) => /^\d+\.\d+/.test(l)).map((l) => Number(l.split('.')[0]) - 1_000_000);
    // DLT_NULL filters on a savefile test the address family in the file's byte order, so the
    // program compiled for the file can differ from the `-y` one: keep the one that ran.
    const ran = execFileSync('tcpdump', ['-ddd', '-r', file.pathname, '--', c.expr], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n');
    verdicts[c.expr] = ran.join('\n') === c.ddd.join('\n') ? { accepted } : { accepted, ddd: ran };
  }
  result[name] = verdicts;
  console.error(`${name}: ${Object.keys(verdicts).length} expressions`);
}
writeFileSync(new URL('verdicts.json', OUT), JSON.stringify({ generator: 'scripts/gen-classic-verdicts.ts', tcpdump: version, packets: COUNT, verdicts: result }) + '\n');
