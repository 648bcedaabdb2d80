/**
 * Static register liveness (`compute_live_registers`, Linux 6.15+): for each instruction, the set
 * of registers whose value may be read before being overwritten. Dead registers are ignored when
 * states are compared, and the level-2 log prints the table.
 */
import type { Slots } from './cfg.js';
import { HELPER_PROTOS } from './protos.js';

const CALLER_SAVED = 0x3f;

function useDef(p: Slots, i: number): { use: number; def: number } {
  const insn = p.code[i]!;
  const cls = insn.code & 7;
  const mode = insn.code & 0xe0;
  const op = insn.code & 0xf0;
  const src = 1 << insn.src;
  const dst = 1 << insn.dst;
  switch (cls) {
    case 0x00:
      if (mode === 0x00 && (insn.code & 0x18) === 0x18) return { def: dst, use: 0 };
      return { def: 0, use: 0xffff };
    case 0x01:
      if (mode === 0x60 || mode === 0x80) return { def: dst, use: src };
      return { def: 0, use: 0xffff };
    case 0x02:
      if (mode === 0x60) return { def: 0, use: dst };
      return { def: 0, use: 0xffff };
    case 0x03:
      if (mode === 0x60) return { def: 0, use: dst | src };
      if (mode === 0xc0) {
        if (insn.imm === 0xf1) return { use: 1 | dst | src, def: 1 };
        if (insn.imm === 0x100) return { def: dst, use: src };
        if (insn.imm === 0x110) return { def: 0, use: dst | src };
        return { use: dst | src, def: insn.imm & 1 ? src : 0 };
      }
      return { def: 0, use: 0xffff };
    case 0x04: case 0x07:
      if (op === 0xd0) return { use: dst, def: dst };
      if (op === 0xb0) return { def: dst, use: insn.code & 8 ? src : 0 };
      return { def: dst, use: insn.code & 8 ? dst | src : dst };
    default: {
      if (op === 0x00 || op === 0xe0) return { def: 0, use: 0 };
      if (op === 0x90) return { def: 0, use: 1 };
      if (op === 0x80) {
        let use = CALLER_SAVED & ~1;
        if (insn.src === 0) {
          const proto = HELPER_PROTOS.get(insn.imm);
          if (proto) use = ((1 << (proto.args.length + 1)) - 1) & ~1;
        }
        return { def: CALLER_SAVED, use };
      }
      return { def: 0, use: insn.code & 8 ? dst | src : dst };
    }
  }
}

function successors(p: Slots, i: number): number[] {
  const insn = p.code[i]!;
  const cls = insn.code & 7;
  const size = p.wide[i] ? 2 : 1;
  if (cls !== 0x05 && cls !== 0x06) return [i + size];
  const op = insn.code & 0xf0;
  if (op === 0x90) return [];
  if (op === 0x80) return [i + 1];
  if (op === 0x00) return [i + (cls === 0x05 ? insn.off : insn.imm) + 1];
  return [i + 1, i + insn.off + 1];
}

/** live[i]: registers live before slot i (bit r = register r). */
export function computeLiveRegs(p: Slots): Uint16Array {
  const n = p.count;
  const use = new Uint16Array(n);
  const def = new Uint16Array(n);
  const live = new Uint16Array(n);
  const succ: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && p.wide[i - 1]) { succ.push([]); continue; }
    const ud = useDef(p, i);
    use[i] = ud.use;
    def[i] = ud.def;
    succ.push(successors(p, i).filter((s) => s >= 0 && s < n));
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = n - 1; i >= 0; i--) {
      if (i > 0 && p.wide[i - 1]) continue;
      let out = 0;
      for (const s of succ[i]!) out |= live[s]!;
      const inn = (use[i]! | (out & ~def[i]!)) & 0xffff;
      if (inn !== live[i]) {
        live[i] = inn;
        changed = true;
      }
    }
  }
  return live;
}
