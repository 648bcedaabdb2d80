/**
 * The capture reader against tshark: every fixture in test/fixtures/pcap (made by text2pcap, editcap,
 * mergecap, randpkt, tcpdump, or crafted and checked by tshark; see scripts/pcap-goldens.py) must give
 * the packets tshark lists in test/golden/pcap/facts.json — bytes, lengths, timestamps, interfaces, link
 * types — whatever the chunking of the input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaptureReader, PcapError, readCapture, timestampNanos } from '../../src/pcap/index.js';
import type { PacketRecord } from '../../src/pcap/index.js';

const FIX = join(import.meta.dirname, '../fixtures/pcap');
interface Fact { time: string; len: number; caplen: number; interface: number; encap: number | null; hex: string }
const facts = JSON.parse(readFileSync(join(import.meta.dirname, '../golden/pcap/facts.json'), 'utf8')) as {
  files: Record<string, { packets: Fact[]; tsharkError: string | null }>;
};

/** Wireshark's WTAP_ENCAP numbers (what tshark's frame.encap_type prints) for our LINKTYPE values. */
const WTAP_ENCAP: Record<number, number> = { 1: 1, 101: 7, 113: 25, 276: 210, 0: 15, 108: 174 };

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

function epoch(p: PacketRecord): string {
  const ns = timestampNanos(p);
  return `${ns / 1000000000n}.${(ns % 1000000000n).toString().padStart(9, '0')}`;
}

interface Seen { fact: Omit<Fact, 'encap'>; linkType: number; spb: boolean }

function readAll(bytes: Uint8Array, chunk: number): { seen: Seen[]; error: unknown } {
  const reader = new CaptureReader();
  const seen: Seen[] = [];
  const take = (p: PacketRecord) => seen.push({
    fact: { time: epoch(p), len: p.origLen, caplen: p.data.length, interface: p.iface.id, hex: hex(p.data) },
    linkType: p.linkType, spb: p.blockType === 3,
  });
  try {
    for (let at = 0; at < bytes.length; at += chunk) {
      reader.push(bytes.slice(at, at + chunk));
      for (let p = reader.nextPacket(); p; p = reader.nextPacket()) take(p);
    }
    reader.end();
    for (let p = reader.nextPacket(); p; p = reader.nextPacket()) take(p);
    return { seen, error: undefined };
  } catch (e) {
    return { seen, error: e };
  }
}

for (const [name, file] of Object.entries(facts.files)) {
  test(`reads ${name} as tshark does`, () => {
    const bytes = new Uint8Array(readFileSync(join(FIX, name)));
    // tshark lists custom blocks as records without an encapsulation; they are not packets.
    const expected = file.packets.filter((p) => p.encap !== null);
    for (const chunk of [bytes.length, 4096, 61, 7]) {
      const { seen, error } = readAll(bytes, chunk);
      const damaged = file.tsharkError !== null || name.startsWith('truncated');
      if (damaged) {
        assert.ok(error instanceof PcapError, `${name}: expected a PcapError, got ${String(error)}`);
        assert.ok(error.offset > 0 && error.offset <= bytes.length);
      } else {
        assert.equal(error, undefined, `${name} (chunk ${chunk}): ${String(error)}`);
      }
      assert.equal(seen.length, expected.length, `${name} (chunk ${chunk}): packet count`);
      seen.forEach((s, i) => {
        const want = expected[i]!;
        const { encap, ...rest } = want;
        // A Simple Packet Block has no timestamp; tshark prints an empty time.
        const got = s.spb ? { ...s.fact, time: '' } : s.fact;
        assert.deepEqual(got, { ...rest, interface: want.interface }, `${name} packet ${i + 1}`);
        const wtap = WTAP_ENCAP[s.linkType];
        if (wtap !== undefined) assert.equal(wtap, encap, `${name} packet ${i + 1}: link type ${s.linkType}`);
      });
    }
  });
}

test('the error offset of a truncated pcap is the start of the cut record', () => {
  const bytes = new Uint8Array(readFileSync(join(FIX, 'truncated-record.pcap')));
  const good = new Uint8Array(readFileSync(join(FIX, 'en10mb.pcap')));
  const { seen, error } = readAll(bytes, 1000);
  assert.ok(error instanceof PcapError);
  // The last record of the good file starts where the packets before it end.
  let off = 24;
  const dv = new DataView(good.buffer, good.byteOffset);
  for (let i = 0; i < seen.length; i++) off += 16 + dv.getUint32(off + 8, true);
  assert.equal(error.offset, off);
  assert.match(error.message, /^offset \d+: truncated packet 6/);
});

test('a corrupt caplen names the record offset', () => {
  const { seen, error } = readAll(new Uint8Array(readFileSync(join(FIX, 'corrupt-caplen.pcap'))), 1 << 20);
  assert.equal(seen.length, 2);
  assert.ok(error instanceof PcapError);
  assert.match(error.message, /captured length 16777215 exceeds the maximum 262144/);
});

test('not a capture: the magic is reported at offset 0', () => {
  const { error } = readAll(new TextEncoder().encode('hello world, not a capture'), 100);
  assert.ok(error instanceof PcapError);
  assert.equal(error.offset, 0);
  assert.match(error.message, /not a pcap or pcapng file/);
});

test('an empty input is a truncated header', () => {
  const reader = new CaptureReader();
  reader.end();
  assert.throws(() => reader.next(), PcapError);
});

test('pcapng: interface link types and timestamp resolutions', () => {
  const reader = new CaptureReader();
  reader.push(new Uint8Array(readFileSync(join(FIX, 'two-interfaces.pcapng'))));
  reader.end();
  const linkTypes = new Set<number>();
  for (let p = reader.nextPacket(); p; p = reader.nextPacket()) linkTypes.add(p.linkType);
  assert.deepEqual([...linkTypes].sort((a, b) => a - b), [1, 101]);
  const ns = new CaptureReader();
  ns.push(new Uint8Array(readFileSync(join(FIX, 'en10mb-nsec-be.pcapng'))));
  ns.end();
  const first = ns.nextPacket()!;
  assert.equal(first.iface.unitsPerSecond, 1000000000n);
  assert.equal(first.littleEndian, false);
});

test('readCapture streams an async iterable', async () => {
  const bytes = new Uint8Array(readFileSync(join(FIX, 'two-sections.pcapng')));
  async function* chunks() { for (let i = 0; i < bytes.length; i += 100) yield bytes.slice(i, i + 100); }
  const kinds: string[] = [];
  for await (const item of readCapture(chunks())) kinds.push(item.kind);
  assert.equal(kinds.filter((k) => k === 'section').length, 2);
  assert.equal(kinds.filter((k) => k === 'packet').length, facts.files['two-sections.pcapng']!.packets.length);
});
