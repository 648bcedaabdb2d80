/**
 * Regenerates test/golden/tcpdump/verdicts.json: which packets of a deterministic random capture
 * (test/filter/packets.ts) tcpdump 4.99 accepts, for every expression of expressions.json that
 * tcpdump compiles, per link type.
 *
 *   node --import tsx scripts/gen-tcpdump-verdicts.ts
 *
 * Each packet's timestamp is its index; tcpdump writes the accepted packets with `-w`, and their
 * timestamps give the indices (tcpdump's --number counts printed packets, not file positions).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FramingLinkType, makePackets, pcapFile, pcapIndices } from '../test/filter/packets.js';

export const VERDICT_PACKETS = 600;
export const VERDICT_SEEDS: Record<FramingLinkType, number> = { EN10MB: 0x1234567, RAW: 0x2345678, LINUX_SLL: 0x3456789, NULL: 0x456789a };

interface GoldenCase { expr: string; linkType: FramingLinkType; snaplen?: number; savefile?: boolean; ddd?: string[] }

function bitmap(indices: number[], n: number): string {
  const bits = new Uint8Array(Math.ceil(n / 8));
  for (const i of indices) bits[i >> 3]! |= 1 << (i & 7);
  return Buffer.from(bits).toString('hex');
}

function main(): void {
  const golden = JSON.parse(readFileSync('test/golden/tcpdump/expressions.json', 'utf8')) as { cases: GoldenCase[] };
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-verdicts-'));
  const out: Record<string, unknown> = {};
  try {
    for (const lt of Object.keys(VERDICT_SEEDS) as FramingLinkType[]) {
      const packets = makePackets(lt, VERDICT_PACKETS, VERDICT_SEEDS[lt]);
      const file = pcapFile(lt, packets);
      const input = join(dir, `${lt}.pcap`);
      const output = join(dir, `${lt}-out.pcap`);
      writeFileSync(input, file);
      const verdicts: Record<string, string> = {};
      for (const c of golden.cases) {
        if (c.linkType !== lt || c.snaplen !== undefined || c.savefile || !c.ddd) continue;
        try {
          execFileSync('tcpdump', ['-r', input, '-w', output, ...(c.expr ? ['--', c.expr] : [])], { stdio: ['ignore', 'ignore', 'pipe'] });
        } catch {
          continue; // compiles for a link type but not for a file (inbound/outbound on most link types)
        }
        verdicts[c.expr] = bitmap(pcapIndices(new Uint8Array(readFileSync(output))), packets.length);
      }
      out[lt] = {
        seed: VERDICT_SEEDS[lt], packets: packets.length,
        sha256: createHash('sha256').update(file).digest('hex'), verdicts,
      };
      console.log(`${lt}: ${Object.keys(verdicts).length} expressions`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const version = execFileSync('tcpdump', ['--version'], { encoding: 'utf8' }).trim().split('\n').slice(0, 2);
  writeFileSync('test/golden/tcpdump/verdicts.json', JSON.stringify({ generator: 'scripts/gen-tcpdump-verdicts.ts', tcpdump: version, linkTypes: out }, null, 1) + '\n');
}

main();
