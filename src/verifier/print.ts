/**
 * The kernel 6.18 log text for registers and states (kernel/bpf/log.c: `print_reg_state`,
 * `print_scalar_ranges`, `print_verifier_state`) and the log buffer with its reset positions.
 */
import { ADD_CONST, Flag, type Reg, S32_MAX, S32_MIN, S64_MAX, S64_MIN, s64 } from './reg.js';
import { SLOT_CHAR, Slot, type FuncState, type VerifierState, REG_SIZE } from './state.js';
import { U32_MAX, U64_MAX, hex, tnumIsConst, tnumIsUnknown, tnumToString } from './tnum.js';

/** Decimal when −32768 ≤ v ≤ 32767, else `%#llx` of the 64-bit pattern. */
export function snum(v: bigint): string {
  const s = s64(v);
  if (s >= -32768n && s <= 32767n) return s.toString();
  return hex(BigInt.asUintN(64, s));
}

/** Decimal when ≤ 65535, else `%#llx`. */
export function unum(v: bigint): string {
  const u = BigInt.asUintN(64, v);
  return u <= 65535n ? u.toString() : hex(u);
}

export function regTypeStr(r: Pick<Reg, 'type' | 'flags'>): string {
  if (r.type === 'not_init') return '?';
  let prefix = '';
  if (r.flags & Flag.RDONLY) prefix += 'rdonly_';
  if (r.flags & Flag.RINGBUF) prefix += 'ringbuf_';
  if (r.flags & Flag.USER) prefix += 'user_';
  if (r.flags & Flag.PERCPU) prefix += 'percpu_';
  if (r.flags & Flag.RCU) prefix += 'rcu_';
  if (r.flags & Flag.UNTRUSTED) prefix += 'untrusted_';
  if (r.flags & Flag.TRUSTED) prefix += 'trusted_';
  const postfix = r.flags & Flag.MAYBE_NULL ? (r.type === 'ptr_' ? 'or_null_' : '_or_null') : '';
  return prefix + r.type + postfix;
}

const isMapPtrType = (r: Reg): boolean => r.type === 'map_ptr' || r.type === 'map_value' || r.type === 'map_key';
const isPktType = (r: Reg): boolean => r.type === 'pkt' || r.type === 'pkt_meta';

const isSnumDecimal = (v: bigint): boolean => v >= -32768n && v <= 32767n;

function scalarRanges(r: Reg, parts: string[]): void {
  const entries: { name: string; val: bigint; omit: boolean }[] = [
    { name: 'smin', val: BigInt.asUintN(64, r.smin), omit: r.smin === S64_MIN },
    { name: 'smax', val: BigInt.asUintN(64, r.smax), omit: r.smax === S64_MAX },
    { name: 'umin', val: r.umin, omit: r.umin === 0n },
    { name: 'umax', val: r.umax, omit: r.umax === U64_MAX },
    { name: 'smin32', val: isSnumDecimal(r.s32min) ? BigInt.asUintN(64, r.s32min) : BigInt.asUintN(32, r.s32min), omit: r.s32min === S32_MIN },
    { name: 'smax32', val: isSnumDecimal(r.s32max) ? BigInt.asUintN(64, r.s32max) : BigInt.asUintN(32, r.s32max), omit: r.s32max === S32_MAX },
    { name: 'umin32', val: r.u32min, omit: r.u32min === 0n },
    { name: 'umax32', val: r.u32max, omit: r.u32max === U32_MAX },
  ];
  for (let i = 0; i < entries.length; i++) {
    const m1 = entries[i]!;
    if (m1.omit) continue;
    const neg1 = m1.name[0] === 's' && s64(m1.val) < 0n;
    let text = `${m1.name}=`;
    for (let j = i + 2; j < entries.length; j += 2) {
      const m2 = entries[j]!;
      if (m2.omit || m2.val !== m1.val) continue;
      const neg2 = m2.name[0] === 's' && s64(m2.val) < 0n;
      if (neg2 !== neg1) continue;
      m2.omit = true;
      text += `${m2.name}=`;
    }
    text += m1.name[0] === 's' ? snum(m1.val) : unum(m1.val);
    parts.push(text);
  }
}

/** One register as `print_reg_state` prints it (`scalar(...)`, `fp-8`, `pkt(off=14,r=14)`, `P5`). */
export function regString(r: Reg, frameno: number): string {
  let out = '';
  if (r.type === 'scalar' && r.precise) out += 'P';
  if (r.type === 'scalar' && tnumIsConst(r.varOff)) return out + snum(r.varOff.value);
  out += regTypeStr(r);
  // PTR_TO_BTF_ID prints its BTF type (bpf_get_current_task_btf's is task_struct even without kernel BTF).
  if (r.type === 'ptr_') out += r.btf?.name ?? 'task_struct';
  if (r.type === 'fp') {
    if (r.frameno !== frameno) out += `[${r.frameno}]`;
    if (tnumIsConst(r.varOff)) return out + snum(r.varOff.value + BigInt(r.off));
  }
  const parts: string[] = [];
  if (r.id) {
    let t = `id=${r.id & ~ADD_CONST}`;
    if (r.id & ADD_CONST) t += r.off >= 0 ? `+${r.off}` : `${r.off}`;
    parts.push(t);
  }
  if (r.refObjId) parts.push(`ref_obj_id=${r.refObjId}`);
  if (isMapPtrType(r) && r.map) {
    const name = r.map.name.slice(0, 15);
    if (name) parts.push(`map=${name}`);
    parts.push(`ks=${r.map.keySize},vs=${r.map.valueSize}`);
  }
  if (r.type !== 'scalar' && r.off) parts.push(`off=${snum(BigInt(r.off))}`);
  if (isPktType(r)) parts.push(`r=${unum(BigInt(r.range))}`);
  if (r.type === 'mem') parts.push(`sz=${unum(BigInt(r.memSize))}`);
  if (tnumIsConst(r.varOff)) {
    if (r.varOff.value) parts.push(`imm=${snum(r.varOff.value)}`);
  } else {
    scalarRanges(r, parts);
    if (!tnumIsUnknown(r.varOff)) parts.push(`var_off=${tnumToString(r.varOff)}`);
  }
  return `${out}(${parts.join(',')})`;
}

export interface Scratch {
  regs: number;
  /** Bit per stack slot index (BigInt: up to 64 slots). */
  stack: bigint;
}

/** `print_verifier_state` for one frame: every item when `all`, else only the scratched ones. */
export function stateString(vs: VerifierState, frameno: number, all: boolean, scratch: Scratch): string {
  const f: FuncState = vs.frames[frameno]!;
  let out = '';
  if (f.frameno) out += ` frame${f.frameno}:`;
  for (let i = 0; i < f.regs.length; i++) {
    const r = f.regs[i]!;
    if (r.type === 'not_init') continue;
    if (!all && !(scratch.regs & (1 << i))) continue;
    out += ` R${i}=${regString(r, f.frameno)}`;
  }
  for (let i = 0; i < f.stack.length; i++) {
    if (!all && !(scratch.stack & (1n << BigInt(i)))) continue;
    const slot = f.stack[i]!;
    let valid = false;
    let types = '';
    for (let j = 0; j < REG_SIZE; j++) {
      const t = slot.slotType[j]!;
      if (t !== Slot.INVALID) valid = true;
      types += SLOT_CHAR[t];
    }
    if (!valid) continue;
    const off = (-i - 1) * REG_SIZE;
    if (slot.slotType[REG_SIZE - 1] === Slot.SPILL) {
      const firstSpill = slot.slotType.indexOf(Slot.SPILL);
      out += ` fp${off}=${types.slice(0, firstSpill)}${regString(slot.spilled, f.frameno)}`;
    } else {
      out += ` fp${off}=${types}`;
    }
  }
  // The first reference decides whether the list prints; ids 0 (a lock on global data) are skipped after it.
  if (vs.refs.length && vs.refs[0]!.id) out += ` refs=${vs.refs.map((r) => r.id).filter((id) => id).join(',')}`;
  if (f.inCallback) out += ' cb';
  return out;
}

/**
 * The log buffer: appends text, remembers positions, and cuts back to a position. Kept as chunks
 * so that cutting back (done at every resumed branch at level 1) costs no copy of the whole log.
 */
export class VerifierLog {
  private parts: string[] = [];
  private length = 0;
  readonly level: number;
  constructor(level: number) {
    this.level = level;
  }
  get enabled(): boolean {
    return this.level > 0;
  }
  write(s: string): void {
    if (this.level > 0 && s) {
      this.parts.push(s);
      this.length += s.length;
    }
  }
  get pos(): number {
    return this.length;
  }
  reset(pos: number): void {
    while (this.length > pos) {
      const last = this.parts.pop()!;
      this.length -= last.length;
      if (this.length < pos) {
        const keep = last.slice(0, pos - this.length);
        this.parts.push(keep);
        this.length += keep.length;
      }
    }
  }
  get text(): string {
    if (this.parts.length > 1) this.parts = [this.parts.join('')];
    return this.parts[0] ?? '';
  }
}

/** The column padding before ` ;` (`vlog_alignment`): `pos` is the instruction line's length + 1. */
export function alignment(pos: number): number {
  return Math.ceil(Math.max(pos + 4, 40) / 8) * 8 - pos - 1;
}
