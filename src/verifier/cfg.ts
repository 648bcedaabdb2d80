/**
 * Structural passes that run before any state is explored (the kernel's `add_subprog_and_kfunc`,
 * `check_subprogs`, `check_cfg`): subprogram boundaries, jumps that leave their subprogram, the last
 * instruction of each subprogram, unreachable instructions, jumps into LD_IMM64, and the prune and
 * jump points that `do_check` uses. Everything here is indexed by slot, as the kernel's log is.
 */
import type { Insn } from '../isa/insn.js';
import { Class, JmpOp, Mode } from '../isa/opcodes.js';

export const CALL = Class.JMP | JmpOp.call;
export const EXIT = Class.JMP | JmpOp.exit;
const LDDW = 0x18;

/** Helpers that call a callback synchronously (bpf_loop, for_each_map_elem, find_vma, user_ringbuf_drain). */
export const SYNC_CALLBACK_HELPERS: ReadonlySet<number> = new Set([164, 180, 181, 209]);

export class StructuralError extends Error {
  readonly kernelMessage: string;
  constructor(message: string) {
    super(message);
    this.kernelMessage = message;
  }
}

/** The program as the kernel sees it: one entry per 8-byte slot; the second LD_IMM64 slot is a stub. */
export interface Slots {
  code: Insn[];
  /** True at the first slot of every LD_IMM64. */
  wide: boolean[];
  /** Slot index → logical instruction. */
  count: number;
}

export function toSlots(insns: Insn[]): Slots {
  const code: Insn[] = [];
  const wide: boolean[] = [];
  for (const i of insns) {
    code.push(i);
    if (i.hi !== undefined) {
      wide.push(true);
      code.push({ code: 0, dst: 0, src: 0, off: 0, imm: i.hi });
      wide.push(false);
    } else {
      wide.push(false);
    }
  }
  return { code, wide, count: code.length };
}

const isJmpClass = (code: number): boolean => (code & 7) === Class.JMP || (code & 7) === Class.JMP32;

export interface Cfg {
  /** Start slot of each subprogram, ascending; subprog 0 starts at 0. */
  subprogs: number[];
  prunePoints: Uint8Array;
  jmpPoints: Uint8Array;
  forceCheckpoints: Uint8Array;
}

/** Subprogram starts from pseudo calls and LD_IMM64 function pointers (`add_subprog_and_kfunc`). */
export function findSubprogs(p: Slots): number[] {
  const starts = new Set<number>([0]);
  for (let i = 0; i < p.count; i++) {
    const insn = p.code[i]!;
    const isPseudoCall = insn.code === CALL && insn.src === 1;
    const isPseudoFunc = insn.code === LDDW && insn.src === 4 && p.wide[i];
    if (!isPseudoCall && !isPseudoFunc) continue;
    const target = i + insn.imm + 1;
    if (target < 0 || target >= p.count) throw new StructuralError('call to invalid destination');
    starts.add(target);
  }
  return [...starts].sort((a, b) => a - b);
}

/** `check_subprogs`: jumps stay inside their subprogram; each subprogram ends in exit or goto. */
export function checkSubprogs(p: Slots, subprogs: number[]): void {
  let cur = 0;
  let start = subprogs[0]!;
  let end = subprogs[1] ?? p.count;
  for (let i = 0; i < p.count; i++) {
    const code = p.code[i]!.code;
    if (isJmpClass(code) && (code & 0xf0) !== JmpOp.exit && (code & 0xf0) !== JmpOp.call) {
      const off = code === (Class.JMP32 | JmpOp.ja) ? i + p.code[i]!.imm + 1 : i + p.code[i]!.off + 1;
      if (off < start || off >= end) throw new StructuralError(`jump out of range from insn ${i} to ${off}`);
    }
    if (i === end - 1) {
      if (code !== EXIT && code !== (Class.JMP32 | JmpOp.ja) && code !== (Class.JMP | JmpOp.ja)) {
        throw new StructuralError('last insn is not an exit or jmp');
      }
      start = end;
      cur++;
      end = subprogs[cur + 1] ?? p.count;
    }
  }
}

const DISCOVERED = 0x10;
const EXPLORED = 0x20;

/** `check_cfg`: depth-first walk from insn 0; marks prune/jump points; finds unreachable code. */
export function checkCfg(p: Slots, allowLoops = true): Cfg {
  const n = p.count;
  const state = new Uint8Array(n);
  const prunePoints = new Uint8Array(n);
  const jmpPoints = new Uint8Array(n);
  const forceCheckpoints = new Uint8Array(n);
  const stack: number[] = [0];
  state[0] = DISCOVERED;

  /** Returns true when w was newly pushed (keep exploring). */
  const push = (t: number, w: number, branch: boolean): boolean => {
    if (w < 0 || w >= n) throw new StructuralError(`jump out of range from insn ${t} to ${w}`);
    if (branch) {
      prunePoints[w] = 1;
      jmpPoints[w] = 1;
    }
    if (state[w] === 0) {
      state[w] = DISCOVERED;
      stack.push(w);
      return true;
    }
    if ((state[w]! & 0xf0) === DISCOVERED) {
      if (allowLoops) return false;
      throw new StructuralError(`back-edge from insn ${t} to ${w}`);
    }
    return false;
  };

  // Each visit returns whether a new node was pushed; a node is EXPLORED once all its edges were.
  const edges = (t: number): { to: number; branch: boolean }[] => {
    const insn = p.code[t]!;
    const size = p.wide[t] ? 2 : 1;
    if (insn.code === LDDW && insn.src === 4 && p.wide[t]) {
      prunePoints[t + size] = 1;
      jmpPoints[t + size] = 1;
      return [{ to: t + size, branch: false }, { to: t + insn.imm + 1, branch: true }];
    }
    if (!isJmpClass(insn.code)) return [{ to: t + size, branch: false }];
    const op = insn.code & 0xf0;
    if (op === JmpOp.exit) return [];
    if (op === JmpOp.call) {
      if (insn.src === 0 && SYNC_CALLBACK_HELPERS.has(insn.imm)) {
        forceCheckpoints[t] = 1;
        prunePoints[t] = 1;
        jmpPoints[t] = 1;
      }
      prunePoints[t + 1] = 1;
      jmpPoints[t + 1] = 1;
      const out = [{ to: t + 1, branch: false }];
      if (insn.src === 1) {
        prunePoints[t] = 1;
        out.push({ to: t + insn.imm + 1, branch: true });
      }
      return out;
    }
    if (op === JmpOp.ja) {
      const off = (insn.code & 7) === Class.JMP ? insn.off : insn.imm;
      const w = t + off + 1;
      prunePoints[w] = 1;
      jmpPoints[w] = 1;
      return [{ to: w, branch: false }];
    }
    prunePoints[t] = 1;
    return [{ to: t + 1, branch: false }, { to: t + insn.off + 1, branch: true }];
  };

  const progress = new Int32Array(n); // next edge index to try per node
  const edgeCache: ({ to: number; branch: boolean }[] | undefined)[] = new Array(n);
  while (stack.length) {
    const t = stack[stack.length - 1]!;
    let es = edgeCache[t];
    if (!es) {
      es = edges(t);
      edgeCache[t] = es;
    }
    let pushed = false;
    while (progress[t]! < es.length) {
      const e = es[progress[t]!]!;
      progress[t]!++;
      if (push(t, e.to, e.branch)) {
        pushed = true;
        break;
      }
    }
    if (!pushed) {
      state[t] = EXPLORED;
      stack.pop();
    }
  }
  for (let i = 0; i < n; i++) {
    if (state[i] !== EXPLORED) throw new StructuralError(`unreachable insn ${i}`);
    if (p.wide[i]) {
      if (state[i + 1] !== 0) throw new StructuralError(`jump into the middle of ldimm64 insn ${i}`);
      i++;
    }
  }
  return { subprogs: [], prunePoints, jmpPoints, forceCheckpoints };
}

export function isLdAbsOrInd(code: number): boolean {
  return (code & 7) === Class.LD && ((code & 0xe0) === Mode.ABS || (code & 0xe0) === Mode.IND);
}
