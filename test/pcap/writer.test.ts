/**
 * Writers against the tools: PcapWriter reproduces what `tcpdump -w` wrote byte for byte, PcapngWriter
 * output reads back as the same packets, and the copier reproduces every fixture exactly when it keeps
 * every packet whole (and produces files tshark-equivalent packets when it truncates).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CaptureCopier, CaptureReader, PcapngWriter, PcapWriter, collectingOutput, hexDump, parseCapture,
} from '../../src/pcap/index.js';
import type { PacketRecord } from '../../src/pcap/index.js';

const FIX = join(import.meta.dirname, '../fixtures/pcap');
const load = (name: string) => new Uint8Array(readFileSync(join(FIX, name)));
const packetsOf = (bytes: Uint8Array) => parseCapture(bytes).items.filter((i): i is PacketRecord => i.kind === 'packet');

test('PcapWriter writes what tcpdump -w wrote for the same packets', () => {
  const { items } = parseCapture(load('en10mb.pcap'));
  const header = items[0]!;
  assert.equal(header.kind, 'pcap-header');
  if (header.kind !== 'pcap-header') return;
  const { out, bytes } = collectingOutput();
  const w = new PcapWriter(out, { linkType: header.header.linkType, snaplen: header.header.snaplen });
  for (const p of items) if (p.kind === 'packet') w.writePacket(p.data, p.origLen, p.tsHigh, p.tsLow);
  assert.deepEqual(bytes(), load('tcpdump-w.pcap'));
});

test('the copier reproduces every intact fixture byte for byte', () => {
  for (const name of ['en10mb.pcap', 'en10mb-be.pcap', 'en10mb-mod.pcap', 'en10mb-nsec-be.pcap', 'en10mb.pcapng',
    'two-interfaces-be.pcapng', 'two-sections.pcapng', 'spb-pb.pcapng', 'unknown-blocks.pcapng', 'sll2.pcapng']) {
    const input = load(name);
    const reader = new CaptureReader();
    reader.push(input);
    reader.end();
    const { out, bytes } = collectingOutput();
    const copier = new CaptureCopier(out);
    for (let item = reader.next(); item; item = reader.next()) {
      if (item.kind === 'packet') copier.packet(item, 0xffffffff);
      else copier.header(item);
    }
    copier.flush();
    assert.deepEqual(bytes(), input, name);
  }
});

test('the copier truncates to the snap length and keeps the original length', () => {
  for (const name of ['en10mb.pcap', 'en10mb-be.pcap', 'en10mb-mod-be.pcap', 'en10mb.pcapng', 'en10mb-be.pcapng', 'spb-pb.pcapng']) {
    const input = load(name);
    const before = packetsOf(input);
    const reader = new CaptureReader();
    reader.push(input);
    reader.end();
    const { out, bytes } = collectingOutput();
    const copier = new CaptureCopier(out);
    for (let item = reader.next(); item; item = reader.next()) {
      if (item.kind === 'packet') { if (item.index % 2 === 0) copier.packet(item, 21); }
      else copier.header(item);
    }
    copier.flush();
    const after = packetsOf(bytes());
    assert.equal(after.length, Math.ceil(before.length / 2), name);
    after.forEach((p, i) => {
      const src = before[2 * i]!;
      assert.deepEqual(p.data, src.data.subarray(0, 21), `${name} packet ${i}`);
      assert.equal(p.origLen, src.origLen);
      assert.equal(p.linkType, src.linkType);
      if (src.blockType !== 3) assert.deepEqual([p.tsHigh, p.tsLow], [src.tsHigh, src.tsLow]);
    });
  }
});

test('PcapngWriter: sections, interfaces with resolutions, EPB/SPB/PB, both byte orders', () => {
  for (const littleEndian of [true, false]) {
    const { out, bytes } = collectingOutput();
    const w = new PcapngWriter(out, { littleEndian });
    const eth = w.addInterface({ linkType: 1, snaplen: 65535, tsresol: 9, name: 'eth0' });
    const raw = w.addInterface({ linkType: 101 });
    const a = Uint8Array.from({ length: 61 }, (_, i) => i);
    w.writePacket(eth, a, 100, 0x17, 0x12345678);
    w.writeLegacyPacket(raw, a.subarray(0, 20), 20, 0, 1000001);
    w.writeSimplePacket(a.subarray(0, 3), 3);
    w.block(0x777, Uint8Array.of(1, 2, 3));
    w.section();
    w.addInterface({ linkType: 113, tsresol: 0x80 | 20 });
    w.writePacket(0, a.subarray(5, 9), 4, 0, 1 << 20);
    const ps = packetsOf(bytes());
    assert.deepEqual(ps.map((p) => [p.linkType, p.data.length, p.origLen, p.blockType, p.iface.name ?? '']), [
      [1, 61, 100, 6, 'eth0'], [101, 20, 20, 2, ''], [1, 3, 3, 3, 'eth0'], [113, 4, 4, 6, ''],
    ]);
    assert.equal(ps[0]!.iface.unitsPerSecond, 1000000000n);
    assert.equal(ps[3]!.iface.unitsPerSecond, 1n << 20n);
    assert.ok(ps.every((p) => p.littleEndian === littleEndian));
  }
});

test('hexDump: offset, hex bytes in two groups of eight, printable text', () => {
  const text = hexDump(new TextEncoder().encode('GET / HTTP/1.1\r\nHost'));
  assert.equal(text,
    '0000  47 45 54 20 2f 20 48 54  54 50 2f 31 2e 31 0d 0a  GET / HTTP/1.1..\n' +
    '0010  48 6f 73 74                                       Host\n');
});

test('filterChunks over a source that reuses two alternating buffers copies every capture exactly', async () => {
  const { filterChunks } = await import('../../src/pcap/index.js');
  for (const name of ['en10mb.pcap', 'en10mb-be.pcapng', 'two-sections.pcapng', 'spb-pb.pcapng', 'randpkt-eth.pcap']) {
    const input = load(name);
    for (const size of [13, 64, 1000]) {
      // Like fileChunks: buffer A, buffer B, A again… each overwritten two chunks later.
      const bufs = [new Uint8Array(size), new Uint8Array(size)];
      function* chunks(): Generator<Uint8Array> {
        let turn = 0;
        for (let at = 0; at < input.length; at += size) {
          const b = bufs[turn]!;
          turn ^= 1;
          const part = input.subarray(at, at + size);
          b.fill(0xee);
          b.set(part);
          yield b.subarray(0, part.length);
        }
      }
      const { out, bytes } = collectingOutput();
      filterChunks(chunks(), () => 0xffffffff, { out });
      assert.deepEqual(bytes(), input, `${name} in ${size}-byte chunks`);
    }
  }
});
