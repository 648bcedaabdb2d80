/** Parses test/golden/verifier/cases.txt (hand-written verifier cases) into programs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode } from '../../src/isa/codec.js';
import type { Insn } from '../../src/isa/insn.js';
import { assembleLlvm } from '../../src/text/llvm-asm.js';
import type { MapInfo } from '../../src/verifier/index.js';
import { REPO_ROOT } from './corpus.js';

export interface VerifierCase {
  name: string;
  progType: string;
  maps: MapInfo[];
  insns: Insn[];
}

export const CASES_FILE = join(REPO_ROOT, 'test/golden/verifier/cases.txt');
export const KERNEL_GOLDEN = join(REPO_ROOT, 'test/golden/verifier/kernel-6.18.json');

export function parseCases(text = readFileSync(CASES_FILE, 'utf8')): VerifierCase[] {
  const out: VerifierCase[] = [];
  const blocks = text.split(/^=== /m).slice(1);
  for (const block of blocks) {
    const lines = block.split('\n');
    const name = lines.shift()!.trim();
    let progType = 'socket_filter';
    const maps: MapInfo[] = [];
    const asm: string[] = [];
    const mapLoads: number[] = [];
    for (const line of lines) {
      if (line.startsWith('#') || !line.trim()) continue;
      const t = /^type:\s*(\S+)/.exec(line);
      if (t) { progType = t[1]!; continue; }
      const m = /^maps:\s*(.*)$/.exec(line);
      if (m) {
        for (const def of m[1]!.split(';')) {
          const [type, k, v, n] = def.trim().split(/\s+/).map(Number);
          maps.push({ name: '', type: type!, keySize: k!, valueSize: v!, maxEntries: n!, flags: 0 });
        }
        continue;
      }
      const ml = /^(\s*r\d+ = )map\[(\d+)\] ll\s*$/.exec(line);
      if (ml) {
        mapLoads.push(asm.length);
        asm.push(`${ml[1]}${ml[2]} ll`);
        continue;
      }
      asm.push(line);
    }
    const insns = assembleLlvm(asm.join('\n'), `cases.txt:${name}`);
    // Statement index → instruction: every statement above is one instruction.
    for (const at of mapLoads) insns[at] = { ...insns[at]!, src: 1 };
    out.push({ name, progType, maps, insns });
  }
  return out;
}

export function bytecodeHex(insns: Insn[]): string {
  return Buffer.from(encode(insns)).toString('hex');
}
