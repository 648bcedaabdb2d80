/**
 * Load-time checks for classic programs.
 *
 * `linux` (default) is the kernel's `bpf_check_classic` (net/core/filter.c) followed by its
 * `check_load_and_stores` data-flow pass; `libpcap` is libpcap's `pcap_validate_filter`, which is
 * what `tcpdump -r` applies (it allows backward `ja`, needed by `protochain`, and RET X).
 * Each rejection names the pc and the rule, as a ClassicCheckError.
 */
import { DecodeError } from '../errors.js';
import {
  ancillaryName, BPF_MAXINSNS, BPF_MEMWORDS, CClass, classicFormOf, CMode, SKF_AD_OFF, type SockFilter,
} from '../isa/classic.js';

export type ClassicProfile = 'linux' | 'libpcap';

/** Why a program was rejected. */
export type ClassicRule =
  | 'length' // not 1..4096 instructions
  | 'opcode' // not in the profile's opcode whitelist
  | 'div-by-zero' // DIV/MOD by constant 0
  | 'shift' // LSH/RSH by constant >= 32
  | 'mem-index' // M[k] with k >= 16
  | 'jump-range' // a jump leaves the program
  | 'ancillary' // unknown SKF_AD_* offset
  | 'last-not-ret' // the last instruction does not return
  | 'mem-uninit' // M[k] read before it is written on some path
  | 'seccomp'; // seccomp_check_filter: not allowed in a seccomp filter

export class ClassicCheckError extends DecodeError {
  readonly rule: ClassicRule;
  readonly profile: ClassicProfile;
  constructor(rule: ClassicRule, detail: string, pc: number, profile: ClassicProfile) {
    super(`${detail} (${profile} checker)`, pc);
    this.rule = rule;
    this.profile = profile;
  }
}

const isCondJump = (code: number): boolean => (code & 0x07) === CClass.JMP && (code & 0xf0) !== 0;
const isJa = (code: number): boolean => code === CClass.JMP;

/** Throws ClassicCheckError unless the program passes the profile's load-time checks. */
export function checkClassic(prog: readonly SockFilter[], profile: ClassicProfile = 'linux'): void {
  const fail = (rule: ClassicRule, detail: string, pc: number): never => {
    throw new ClassicCheckError(rule, detail, pc, profile);
  };
  const len = prog.length;
  if (len === 0 || len > BPF_MAXINSNS) fail('length', `program length ${len} is outside 1..${BPF_MAXINSNS}`, 0);
  if (profile === 'libpcap') return checkLibpcap(prog, fail);

  prog.forEach((i, pc) => {
    const f = classicFormOf(i.code);
    if (f === undefined || !f.linux) fail('opcode', `opcode 0x${i.code.toString(16)} is not allowed`, pc);
    const k = i.k >>> 0;
    switch (f!.kind) {
      case 'alu':
        if ((f!.op === 'div' || f!.op === 'mod') && f!.operand === 'k' && k === 0) fail('div-by-zero', `${f!.op} by constant zero`, pc);
        if ((f!.op === 'lsh' || f!.op === 'rsh') && f!.operand === 'k' && k >= 32) fail('shift', `${f!.op} by constant ${k} (must be < 32)`, pc);
        break;
      case 'ld': case 'ldx': case 'st': case 'stx':
        if (f!.operand === 'mem' && k >= BPF_MEMWORDS) fail('mem-index', `M[${k}] is outside M[0..${BPF_MEMWORDS - 1}]`, pc);
        if (f!.kind === 'ld' && f!.operand === 'abs' && k >= (SKF_AD_OFF >>> 0) && ancillaryName(k) === undefined) {
          fail('ancillary', `unknown ancillary offset SKF_AD_OFF+${k - (SKF_AD_OFF >>> 0)}`, pc);
        }
        break;
      case 'ja':
        // Unsigned compare: backward jumps (k negative as s32) are rejected too.
        if (k >= len - pc - 1) fail('jump-range', `ja +${k} leaves the program or jumps backward`, pc);
        break;
      case 'jcc':
        if (pc + i.jt + 1 >= len || pc + i.jf + 1 >= len) fail('jump-range', `jt ${i.jt} / jf ${i.jf} leave the program`, pc);
        break;
      default: break;
    }
  });
  const last = prog[len - 1]!;
  if (last.code !== (CClass.RET | 0x00) && last.code !== (CClass.RET | 0x10)) {
    fail('last-not-ret', 'the last instruction must be ret #k or ret a', len - 1);
  }
  checkLoadsAndStores(prog, fail);
}

/**
 * The kernel's `check_load_and_stores`: a forward pass over an acyclic, forward-only program
 * computing which M[] cells are written on every path reaching each instruction.
 */
function checkLoadsAndStores(prog: readonly SockFilter[], fail: (r: ClassicRule, d: string, pc: number) => never): void {
  const masks = new Uint16Array(prog.length).fill(0xffff);
  const narrow = (to: number, bits: number): void => { masks[to] = masks[to]! & bits; };
  let valid = 0;
  prog.forEach((i, pc) => {
    valid &= masks[pc]!;
    const code = i.code;
    if (code === CClass.ST || code === CClass.STX) valid |= 1 << i.k;
    else if (code === (CClass.LD | CMode.MEM) || code === (CClass.LDX | CMode.MEM)) {
      if (!(valid & (1 << i.k))) fail('mem-uninit', `M[${i.k}] may be read before it is written`, pc);
    } else if (isJa(code)) {
      narrow(pc + 1 + i.k, valid);
      valid = 0xffff;
    } else if (isCondJump(code)) {
      narrow(pc + 1 + i.jt, valid);
      narrow(pc + 1 + i.jf, valid);
      valid = 0xffff;
    }
  });
}

/** libpcap's `pcap_validate_filter`. */
function checkLibpcap(prog: readonly SockFilter[], fail: (r: ClassicRule, d: string, pc: number) => never): void {
  const len = prog.length;
  prog.forEach((i, pc) => {
    const cls = i.code & 0x07;
    const k = i.k >>> 0;
    const mode = i.code & 0xe0;
    const bad = (): never => fail('opcode', `opcode 0x${i.code.toString(16)} is not allowed`, pc);
    switch (cls) {
      case CClass.LD: case CClass.LDX:
        if (mode === CMode.MEM && k >= BPF_MEMWORDS) fail('mem-index', `M[${k}] is outside M[0..${BPF_MEMWORDS - 1}]`, pc);
        if (mode > CMode.MSH) bad();
        break;
      case CClass.ST: case CClass.STX:
        if (k >= BPF_MEMWORDS) fail('mem-index', `M[${k}] is outside M[0..${BPF_MEMWORDS - 1}]`, pc);
        break;
      case CClass.ALU: {
        const op = i.code & 0xf0;
        if (op === 0x30 || op === 0x90) {
          if ((i.code & 0x08) === 0 && k === 0) fail('div-by-zero', 'division by constant zero', pc);
        } else if (op > 0xa0) bad();
        break;
      }
      case CClass.JMP: {
        const from = pc + 1;
        const op = i.code & 0xf0;
        if (op === 0x00) {
          // u_int arithmetic: a backward jump wraps around and passes, as protochain needs.
          if (((from + k) >>> 0) >= len) fail('jump-range', `ja +${k} leaves the program`, pc);
        } else if (op <= 0x40) {
          if (from + i.jt >= len || from + i.jf >= len) fail('jump-range', `jt ${i.jt} / jf ${i.jf} leave the program`, pc);
        } else bad();
        break;
      }
      default: break; // RET, MISC
    }
  });
  if ((prog[len - 1]!.code & 0x07) !== CClass.RET) fail('last-not-ret', 'the last instruction must be a ret', len - 1);
}
