/**
 * XdpBuffer reuses one packet region for every run, but each run must see what the kernel gives
 * BPF_PROG_TEST_RUN: a fresh, zeroed buffer with the frame at the headroom. After any run —
 * head, tail and metadata moved, bytes written between data_meta and data_end — loading the next
 * frame must leave the region byte for byte as a new buffer loaded with that frame.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XdpBuffer } from '../../src/progtypes/xdp.js';
import { AddressSpace } from '../../src/vm/memory.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 2 ** 32;
  };
}

function regionBytes(buf: XdpBuffer): Uint8Array {
  return buf.space.bytes.slice(buf.packet.hostOffset, buf.packet.hostOffset + buf.packet.capacity);
}

describe('XdpBuffer', () => {
  it('loads every frame into what a fresh buffer would hold, whatever the last run did', () => {
    const r = rng(7);
    const reused = new XdpBuffer(new AddressSpace(), 2000);
    const frame = (): Uint8Array => Uint8Array.from({ length: 14 + Math.floor(r() * 1800) }, () => 1 + Math.floor(r() * 255));
    for (let run = 0; run < 300; run++) {
      const next = frame();
      reused.load(next);
      const fresh = new XdpBuffer(new AddressSpace(), 2000);
      fresh.load(next);
      assert.deepEqual(regionBytes(reused), regionBytes(fresh), `run ${run}`);
      // What a program may do: move head, tail and metadata, write between data_meta and data_end.
      for (let k = Math.floor(r() * 4); k > 0; k--) {
        const which = Math.floor(r() * 3);
        const delta = Math.floor(r() * 600) - 300;
        if (which === 0) reused.adjustHead(delta);
        else if (which === 1) reused.adjustTail(delta);
        else reused.adjustMeta(-4 * Math.floor(r() * 9));
      }
      reused.meta().fill(0xaa);
      reused.data().fill(0xbb);
    }
  });
});
