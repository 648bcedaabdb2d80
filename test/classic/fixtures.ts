/** Shared test data: the generated captures of test/golden/classic (see scripts/gen-classic-verdicts.ts). */
import { readFileSync } from 'node:fs';

/** Minimal little-endian microsecond pcap reader: the fixtures are written by our own script. */
export function readFixture(name: string): { data: Uint8Array; wire: number }[] {
  const b = new Uint8Array(readFileSync(new URL(`../golden/classic/packets-${name}.pcap`, import.meta.url)));
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: { data: Uint8Array; wire: number }[] = [];
  for (let o = 24; o + 16 <= b.length;) {
    const caplen = v.getUint32(o + 8, true);
    out.push({ data: b.subarray(o + 16, o + 16 + caplen), wire: v.getUint32(o + 12, true) });
    o += 16 + caplen;
  }
  return out;
}
