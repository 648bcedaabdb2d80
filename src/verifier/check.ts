/**
 * The main abstract interpreter (`do_check` and the per-class checks of kernel/bpf/verifier.c):
 * walks every path with a state per instruction, prunes with explored states, and writes the
 * kernel-6.18 log. One `Checker` verifies one program.
 */
import { formatKernel } from '../text/kernel-disasm.js';
import { helperName } from '../isa/helpers.js';
import type { Insn } from '../isa/insn.js';
import { formOf } from '../isa/table.js';
import { CALL, EXIT, type Slots, SYNC_CALLBACK_HELPERS } from './cfg.js';
import type { GlobalFunc, MapInfo } from './program.js';
import { CG_SOCK_SK_STORAGE_GET, HELPER_MAP_TYPES, HELPER_PROTOS, MAP_TYPE_HELPERS, type HelperProto } from './protos.js';
import { type ProgTypeInfo, isGplCompatible } from './progtype.js';
import { VerifierLog, alignment, regTypeStr, type Scratch, stateString } from './print.js';
import {
  ADD_CONST, ADD_CONST32, ADD_CONST64, AT_PKT_END, BEYOND_PKT_END, Flag, MAX_PACKET_OFF, type Reg, S32_MAX, S64_MAX, S64_MIN,
  coerceRegToSize, coerceRegToSizeSx, coerceSubregToSizeSx, constValue, copyReg, isConst, markKnown, markKnown32,
  markUnbounded, markUnbounded32, markUnknown, notInit, regBoundsSync, regWidth, s32, s64, scalarKnown,
  u32, u64, zext32To64,
} from './reg.js';
import { addConstBounds, adjustScalar, isSafeToComputeDstRange } from './alu.js';
import { isBranchTaken, regsRefineCondOp, revOpcode, type JmpOpName } from './branch.js';
import {
  type FuncState, type HistEntry, MAX_BPF_STACK, MAX_CALL_FRAMES, REG_SIZE, Slot, type StackSlot, type VerifierState,
  copyState, curFrame, forEachReg, growStack, isSpilledReg, isSpilledScalarReg, newFrame,
} from './state.js';
import { statesEqual, widenImpreciseScalars } from './prune.js';
import { type KernelTypes, btfStructAccess, btfStructIdsMatch, loadedPointerFlags } from './btf-access.js';
import { SPIN_LOCK_SIZE } from './locks.js';
import { KF, kfuncAt, ksymAt } from './kfunc.js';
import { computeLiveStack, computeScc } from './live.js';
import { tnumAdd, tnumBswap, tnumConst, tnumIsAligned, tnumIsConst, tnumToString } from './tnum.js';

export const INSN_LIMIT = 1_000_000;
const MAX_VAR_OFF = 1 << 29;
const MAX_VAR_SIZ = 1 << 29;
const NR_CPUS = 2n;
const CALLER_SAVED = [0, 1, 2, 3, 4, 5];
const HELPER_SPIN_LOCK = 93;
const HELPER_LOOP = 181;
const HELPER_SPIN_UNLOCK = 94;

/** A rejection: the kernel's message lines and errno. */
export class Reject extends Error {
  readonly lines: string[];
  readonly errno: string;
  constructor(lines: string | string[], errno = 'EACCES') {
    const l = typeof lines === 'string' ? [lines] : lines;
    super(l.join('\n'));
    this.lines = l;
    this.errno = errno;
  }
}

interface Pending {
  state: VerifierState;
  insnIdx: number;
  prevInsnIdx: number;
  /** Level-1 log position to cut back to (the end of the jump's text). */
  logPos: number;
  parent: Explored | undefined;
}

/** A stored checkpoint (`bpf_verifier_state_list`). */
export interface Explored {
  state: VerifierState;
  branches: number;
  parent: Explored | undefined;
  hit: number;
  miss: number;
  live: number[];
  /** Evicted while still on the current path: kept (the kernel's free list) until its branches end. */
  evicted?: boolean;
}

interface CallMeta {
  map?: MapInfo;
  mapReg?: Reg;
  rawRegno?: number;
  accessSize?: number;
  msizeMaxValue?: bigint;
  memSize?: number;
  constMapKey?: bigint;
  refObjId?: number;
  releaseRegno?: number;
}

/** `compatible_reg_types` failure message: `R1 type=fp expected=map_ptr`. */
function expectArgType(regno: number, t: string, types: readonly string[], ok: boolean): void {
  if (!ok) throw new Reject(`R${regno} type=${t} expected=${types.join(', ')}`);
}

/** `mem_types` of ARG_PTR_TO_MEM and friends. */
const MEM_ARG_TYPES = ['fp', 'pkt', 'pkt_meta', 'map_key', 'map_value', 'mem', 'ringbuf_mem', 'buf', 'trusted_ptr_'];

/** Whether `r` (without the flags the argument kind allows) is one of MEM_ARG_TYPES. */
function isMemArg(r: Reg, kind: string, nullable: boolean): boolean {
  if (r.type === 'ptr_') return false;
  let flags = r.flags;
  if (kind === 'mem_ro' || kind === 'mem_ro_or_null') flags &= ~Flag.RDONLY;
  if (nullable) flags &= ~Flag.MAYBE_NULL;
  return MEM_ARG_TYPES.includes(regTypeStr({ type: r.type, flags }));
}

/** Map addresses as the kernel prints them in `ld_imm64` lines (masked by the report). */
const INSN_TEXT_OPTIONS: Parameters<typeof formatKernel>[1] = {
  immName: (i) => {
    if (i.src === 1 || i.src === 5) return '0x' + (0xffff888100000000n + BigInt(i.imm >>> 0) * 0x1000n).toString(16);
    if (i.src === 2 || i.src === 6) return '0x' + (0xffffc90000000000n + BigInt(i.imm >>> 0) * 0x100000n + BigInt(i.hi ?? 0)).toString(16);
    return undefined;
  },
};

export class Checker {
  readonly log: VerifierLog;
  insnProcessed = 0;
  totalStates = 0;
  peakStates = 0;
  maxStatesPerInsn = 0;
  errorPc = -1;

  private idGen = 0;
  private jmpsProcessed = 0;
  private prevJmpsProcessed = 0;
  private prevInsnProcessed = 0;
  private exploredSize = 0;
  private freeListSize = 0;
  private explored = new Map<number, Explored[]>();
  /** The kernel's BTF (VerifyOptions.kernelBtf): kfunc prototypes and kernel symbols. */
  kernel: KernelTypes | undefined;
  /** Program type in libbpf's spelling (kfuncs are registered per program type). */
  progType = '';
  /**
   * States per bucket of the kernel's explored-state hash table (`(idx ^ callsite) % prog->len`):
   * max_states_per_insn counts every state of the bucket, whatever its instruction.
   */
  private bucketStates!: Int32Array;
  private stack: Pending[] = [];
  private cur!: VerifierState;
  private curParent: Explored | undefined;
  private insnIdx = 0;
  private prevInsnIdx = -1;
  private scratch: Scratch = { regs: 0, stack: 0n };
  private prevLogPos = 0;
  private prevInsnPrintLen = 0;
  private lastInsnTextEnd = 0;
  private gpl: boolean;
  /** Line info (sorted by slot) and the index of the record printed last. */
  lineInfo: { insn: number; text: string }[] | undefined;
  private prevLinfo = -1;
  /** History entry of the instruction being checked. */
  private histEntry: HistEntry | undefined;
  /** Deepest stack use per subprogram start (`subprog_info[].stack_depth`). */
  readonly stackDepth = new Map<number, number>();
  /** Global functions by first slot, with their subprogram number (`func#N`). */
  globals = new Map<number, GlobalFunc & { subprogNo: number }>();
  /** First slot of every subprogram, ascending. */
  subprogStarts: number[] = [0];
  /** Global functions reached from verified code (`subprog_aux->called`), verified afterwards. */
  readonly calledGlobals = new Set<number>();
  /** The global function being verified on its own, if any (its exit needs only a scalar R0). */
  private verifyingGlobal: GlobalFunc | undefined;

  private readonly p: Slots;
  private readonly prunePoints: Uint8Array;
  private readonly jmpPoints: Uint8Array;
  private readonly forceCheckpoints: Uint8Array;
  private readonly maps: MapInfo[];
  private readonly type: ProgTypeInfo;
  private readonly liveRegs: Uint16Array;
  private readonly liveStack: BigUint64Array;
  private readonly insnLimit: number;

  constructor(
    p: Slots, prunePoints: Uint8Array, jmpPoints: Uint8Array, forceCheckpoints: Uint8Array, maps: MapInfo[],
    type: ProgTypeInfo, license: string, logLevel: number, liveRegs: Uint16Array, insnLimit = INSN_LIMIT,
  ) {
    this.p = p;
    this.prunePoints = prunePoints;
    this.bucketStates = new Int32Array(p.count);
    this.jmpPoints = jmpPoints;
    this.forceCheckpoints = forceCheckpoints;
    this.maps = maps;
    this.type = type;
    this.liveRegs = liveRegs;
    this.liveStack = computeLiveStack(p, maps);
    this.insnLimit = insnLimit;
    this.log = new VerifierLog(logLevel);
    this.gpl = isGplCompatible(license);
  }

  // --- logging ----------------------------------------------------------------------------------

  private markAllScratched(): void {
    this.scratch = { regs: 0x7ff, stack: (1n << 64n) - 1n };
  }

  private scratchReg(regno: number): void {
    this.scratch.regs |= 1 << regno;
  }

  private scratchStack(spi: number): void {
    this.scratch.stack |= 1n << BigInt(spi);
  }

  private anyScratched(): boolean {
    return this.scratch.regs !== 0 || this.scratch.stack !== 0n;
  }

  private verbose(s: string): void {
    this.log.write(s);
  }

  /** `print_insn_state`: appends the touched state to the instruction line or on its own line. */
  private printInsnState(state: VerifierState): void {
    if (!this.log.enabled) return;
    if (this.prevLogPos && this.prevLogPos === this.log.pos) {
      this.log.reset(this.prevLogPos - 1);
      this.verbose(' '.repeat(alignment(this.prevInsnPrintLen)) + ';');
    } else {
      this.verbose(`${this.insnIdx}:`);
    }
    this.verbose(stateString(state, state.curframe, false, this.scratch) + '\n');
    this.scratch = { regs: 0, stack: 0n };
  }

  private printFullState(state: VerifierState, frameno: number): void {
    this.verbose(stateString(state, frameno, true, this.scratch) + '\n');
  }

  /** Instruction text, formatted once per instruction (paths print the same lines many times). */
  private insnText(insn: Insn): string {
    let text = this.insnTexts.get(insn);
    if (text === undefined) {
      text = formatKernel(insn, this.kernel ? { ...INSN_TEXT_OPTIONS, callName: (i) => (i.src === 2 ? this.kernel?.btf.types[i.imm]?.name : undefined) } : INSN_TEXT_OPTIONS);
      this.insnTexts.set(insn, text);
    }
    return text;
  }
  private readonly insnTexts = new Map<Insn, string>();

  /** `verbose_linfo`: the source line of an instruction, once per line-info record. */
  private verboseLinfo(idx: number): void {
    const info = this.lineInfo;
    if (!info || !info.length) return;
    let lo = 0, hi = info.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (info[mid]!.insn <= idx) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (found < 0 || found === this.prevLinfo) return;
    // Records that differ only in the column print once.
    const same = this.prevLinfo >= 0 && info[this.prevLinfo]!.text === info[found]!.text;
    this.prevLinfo = found;
    if (!same) this.verbose(`; ${info[found]!.text}\n`);
  }

  /**
   * The level-2 preamble: `func#N @start` per subprogram (`add_subprog_and_kfunc`), then the live
   * registers before each instruction with its SCC number (`compute_live_registers`).
   */
  printProgramHeader(subprogStarts: readonly number[]): void {
    subprogStarts.forEach((start, i) => this.verbose(`func#${i} @${start}\n`));
    this.verbose('Live regs before insn:\n');
    const scc = computeScc(this.p);
    for (let i = 0; i < this.p.count; i++) {
      const insn = this.p.code[i];
      if (!insn) continue;
      const live = this.liveRegs[i] ?? 0;
      let regs = '';
      for (let r = 0; r < 10; r++) regs += live & (1 << r) ? String(r) : '.';
      const sccText = scc[i] ? `${String(scc[i]).padStart(3)} ` : '    ';
      this.verbose(`${sccText}${String(i).padStart(3)}: ${regs} ${this.insnText(insn)}\n`);
      if (this.p.wide[i]) i++;
    }
  }

  // --- registers ----------------------------------------------------------------------------

  private regs(): Reg[] {
    return curFrame(this.cur).regs;
  }

  /** `check_reg_arg` for a source operand. */
  private checkRegRead(regno: number): Reg {
    if (regno > 10) throw new Reject(`R${regno} is invalid`, 'EINVAL');
    this.scratchReg(regno);
    const r = this.regs()[regno]!;
    if (r.type === 'not_init') throw new Reject(`R${regno} !read_ok`);
    return r;
  }

  /** `check_reg_arg` for a destination operand (DST_OP_NO_MARK). */
  private checkRegWrite(regno: number): Reg {
    if (regno > 10) throw new Reject(`R${regno} is invalid`, 'EINVAL');
    this.scratchReg(regno);
    if (regno === 10) throw new Reject('frame pointer is read only');
    return this.regs()[regno]!;
  }

  private markUnknownReg(regno: number): void {
    markUnknown(this.regs()[regno]!);
  }

  private assignScalarIdBeforeMov(r: Reg): void {
    if (r.type !== 'scalar') return;
    if (r.id & ADD_CONST) {
      r.id = 0;
      r.off = 0;
    }
    if (!r.id && !tnumIsConst(r.varOff)) r.id = ++this.idGen;
  }

  // --- main loop ----------------------------------------------------------------------------

  run(): void {
    const st: VerifierState = { frames: [newFrame(0, -1, 0)], curframe: 0, refs: [], insnIdx: 0, hist: [], jmpHistoryCnt: 0, jmpHistoryLast: -1 };
    markKnownZeroPtr(st.frames[0]!.regs[1]!, 'ctx');
    this.cur = st;
    this.walk();
  }

  /**
   * `do_check_common` for a global function: a fresh exploration from its first instruction with
   * R1..R5 typed from its BTF prototype (explored states of earlier runs are dropped).
   */
  runGlobal(fn: GlobalFunc): void {
    const frame = newFrame(0, -1, fn.slot);
    fn.args.forEach((arg, i) => {
      const r = frame.regs[i + 1]!;
      if (arg.kind === 'scalar') {
        r.type = 'scalar';
        markUnknown(r);
      } else if (arg.kind === 'ctx') {
        markKnownZeroPtr(r, 'ctx');
      } else {
        markKnownZeroPtr(r, 'mem');
        r.flags = Flag.MAYBE_NULL;
        r.memSize = arg.size;
        r.id = ++this.idGen;
      }
    });
    this.cur = { frames: [frame], curframe: 0, refs: [], insnIdx: fn.slot, hist: [], jmpHistoryCnt: 0, jmpHistoryLast: -1 };
    this.verifyingGlobal = fn;
    this.explored = new Map();
    this.bucketStates = new Int32Array(this.p.count);
    this.exploredSize = 0;
    this.freeListSize = 0;
    this.stack = [];
    this.curParent = undefined;
    this.insnIdx = fn.slot;
    this.prevInsnIdx = -1;
    this.walk();
  }

  private walk(): void {
    this.markAllScratched();
    let doPrintState = false;
    for (;;) {
      const insn = this.p.code[this.insnIdx];
      if (!insn) throw new Reject(`invalid insn idx ${this.insnIdx} insn_cnt ${this.p.count}`, 'EFAULT');
      if (++this.insnProcessed > this.insnLimit) {
        throw new Reject(`BPF program is too large. Processed ${this.insnProcessed} insn`, 'E2BIG');
      }
      this.cur.insnIdx = this.insnIdx;
      let pruned = false;
      if (this.prunePoints[this.insnIdx]) {
        pruned = this.isStateVisited(this.insnIdx);
        if (pruned && this.log.enabled) {
          if (doPrintState) this.verbose(`\nfrom ${this.prevInsnIdx} to ${this.insnIdx}: safe\n`);
          else this.verbose(`${this.insnIdx}: safe\n`);
        }
      }
      let exited = pruned;
      if (!pruned && this.jmpPoints[this.insnIdx]) this.pushJmpHistory();
      if (!pruned) {
        if (this.log.level >= 2 && doPrintState) {
          this.verbose(`\nfrom ${this.prevInsnIdx} to ${this.insnIdx}:`);
          this.printFullState(this.cur, this.cur.curframe);
          doPrintState = false;
        }
        if (this.log.enabled) {
          if (this.anyScratched()) this.printInsnState(this.cur);
          this.verboseLinfo(this.insnIdx);
          const start = this.log.pos;
          const line = `${this.insnIdx}: ${this.insnText(insn)}`;
          this.verbose(line + '\n');
          this.lastInsnTextEnd = this.log.pos - 1;
          this.prevInsnPrintLen = this.log.pos - start;
          this.prevLogPos = this.log.pos;
        }
        doPrintState = false;
        this.errorPc = this.insnIdx;
        this.histEntry = { idx: this.insnIdx, frame: this.cur.curframe, spi: -1, spiFrame: 0, linked: 0 };
        this.cur.hist.push(this.histEntry);
        const r = this.doCheckInsn(insn);
        if (r === 'exit') exited = true;
        else if (r === 'return') doPrintState = true;
      }
      if (exited) {
        this.markAllScratched();
        this.updateBranchCounts(this.curParent);
        const next = this.stack.pop();
        if (!next) break;
        if (this.log.level === 1) {
          this.log.reset(next.logPos);
          this.verbose(' ');
        }
        this.cur = next.state;
        this.curParent = next.parent;
        this.insnIdx = next.insnIdx;
        this.prevInsnIdx = next.prevInsnIdx;
        doPrintState = true;
        continue;
      }
    }
    this.errorPc = -1;
  }

  /** Result of one instruction: continue at insnIdx (already advanced), the path exited, or a subprogram returned. */
  private doCheckInsn(insn: Insn): 'next' | 'exit' | 'return' {
    const cls = insn.code & 7;
    const idx = this.insnIdx;
    this.prevInsnIdx = idx;
    switch (cls) {
      case 0x04: case 0x07:
        this.checkAlu(insn);
        this.insnIdx = idx + 1;
        return 'next';
      case 0x01: {
        const f = formOf(insn);
        if (!f || (f.kind !== 'ldx' && f.kind !== 'ldxs')) throw new Reject(`unknown opcode ${hex2(insn.code)}`, 'EINVAL');
        this.checkRegRead(insn.src);
        this.checkRegWrite(insn.dst);
        this.checkMemAccess(insn.src, insn.off, f.size, false, insn.dst, f.kind === 'ldxs', insn);
        this.insnIdx = idx + 1;
        return 'next';
      }
      case 0x03: {
        const f = formOf(insn);
        if (!f) throw new Reject(`unknown opcode ${hex2(insn.code)}`, 'EINVAL');
        if (f.kind === 'atomic') {
          this.checkAtomic(insn, f.op, f.size);
        } else {
          if (insn.imm !== 0) throw new Reject('BPF_STX uses reserved fields', 'EINVAL');
          this.checkRegRead(insn.src);
          this.checkRegRead(insn.dst);
          this.checkMemAccess(insn.dst, insn.off, f.size, true, insn.src, false, insn);
        }
        this.insnIdx = idx + 1;
        return 'next';
      }
      case 0x02: {
        const f = formOf(insn);
        if (!f || f.kind !== 'st') throw new Reject('BPF_ST uses reserved fields', 'EINVAL');
        this.checkRegRead(insn.dst);
        this.checkMemAccess(insn.dst, insn.off, f.size, true, -1, false, insn);
        this.insnIdx = idx + 1;
        return 'next';
      }
      case 0x05: case 0x06: {
        this.jmpsProcessed++;
        const op = insn.code & 0xf0;
        if (op === 0x80) {
          if (cls === 0x06 || (insn.code & 8)) throw new Reject('BPF_CALL uses reserved fields', 'EINVAL');
          // Static subprograms may run under a lock (Linux 6.18); helpers other than unlock and kfuncs may not.
          if (this.holdsLock() && ((insn.src === 0 && insn.imm !== HELPER_SPIN_UNLOCK) || insn.src === 2)) {
            throw new Reject('function calls are not allowed while holding a lock', 'EINVAL');
          }
          if (insn.src === 1) {
            this.checkFuncCall(insn, idx);
            return 'next';
          }
          if (insn.src === 2) {
            if (!this.gpl) throw new Reject('cannot call kernel function from non-GPL compatible program', 'EINVAL');
            this.checkKfuncCall(insn, idx);
            this.insnIdx = idx + 1;
            return 'next';
          }
          this.checkHelperCall(insn, idx);
          this.insnIdx = idx + 1;
          return 'next';
        }
        if (op === 0x00) {
          const off = cls === 0x05 ? insn.off : insn.imm;
          this.insnIdx = idx + off + 1;
          return 'next';
        }
        if (op === 0x90) {
          if (insn.code !== EXIT) throw new Reject('BPF_EXIT uses reserved fields', 'EINVAL');
          return this.processExit();
        }
        this.checkCondJmp(insn, idx);
        return 'next';
      }
      case 0x00: {
        const f = formOf(insn);
        if (f?.kind === 'lddw' && this.p.wide[idx]) {
          this.checkLdImm(insn);
          this.insnIdx = idx + 2;
          return 'next';
        }
        if (f?.kind === 'ldabs' || f?.kind === 'ldind') {
          this.checkLdAbs(insn, f.kind === 'ldind');
          this.insnIdx = idx + 1;
          return 'next';
        }
        throw new Reject('invalid BPF_LD_IMM insn', 'EINVAL');
      }
      default:
        throw new Reject(`unknown insn class ${cls}`, 'EINVAL');
    }
  }

  // --- precision (mark_chain_precision, backtrack_insn) ----------------------------------------

  /** `push_jmp_history`: counts entries as the kernel would (one per instruction). */
  private pushJmpHistory(): void {
    if (this.cur.jmpHistoryLast === this.insnIdx) return;
    this.cur.jmpHistoryLast = this.insnIdx;
    this.cur.jmpHistoryCnt++;
  }

  private recordStackAccess(frame: FuncState, spi: number, byInsn: boolean): void {
    if (!byInsn || !this.histEntry) return;
    this.histEntry.spi = spi;
    this.histEntry.spiFrame = frame.frameno;
  }

  /**
   * Marks the registers (and stack slots) whose exact value the current instruction relies on as
   * precise in every ancestor checkpoint that contributed to them, walking the recorded history
   * backwards as the kernel's `__mark_chain_precision` does. Unsupported cases (calls, other
   * frames, atomics) fall back to marking every scalar of every ancestor precise.
   */
  private markChainPrecision(regnos: number[], spis: number[] = [], skipCurrent = true): void {
    let regs = 0;
    for (const r of regnos) if (this.regs()[r]?.type === 'scalar') regs |= 1 << r;
    const stack = new Set<number>(spis);
    if (!regs && !stack.size) return;
    const frame = this.cur.curframe;
    let hist = this.cur.hist;
    let parent = this.curParent;
    // The instruction being checked is where the value is needed, not where it was made (skip_first).
    let start = skipCurrent && hist.length && hist[hist.length - 1] === this.histEntry ? hist.length - 2 : hist.length - 1;
    // The instruction that ran after the last history entry (the kernel's subseq_idx).
    let after = this.insnIdx;
    for (;;) {
      for (let i = start; i >= 0 && (regs || stack.size); i--) {
        const r = this.backtrack(hist[i]!, frame, regs, stack, i + 1 < hist.length ? hist[i + 1]!.idx : after);
        if (r === undefined) return this.markAllPrecise();
        regs = r;
      }
      if (!regs && !stack.size) return;
      if (!parent) return;
      const ps = parent.state;
      if (ps.curframe < frame) return this.markAllPrecise();
      const f = ps.frames[frame]!;
      for (let r = 0; r < 11; r++) {
        if (!(regs & (1 << r))) continue;
        const reg = f.regs[r]!;
        if (reg.type !== 'scalar' || reg.precise) regs &= ~(1 << r);
        else reg.precise = true;
      }
      for (const spi of [...stack]) {
        const slot = f.stack[spi];
        if (!slot || !isSpilledScalarReg(slot) || slot.spilled.precise) stack.delete(spi);
        else slot.spilled.precise = true;
      }
      if (!regs && !stack.size) return;
      hist = ps.hist;
      start = hist.length - 1;
      after = ps.insnIdx;
      parent = parent.parent;
    }
  }

  /** `backtrack_insn`: the register set needing precision before instruction `h` (undefined: give up). */
  private backtrack(h: HistEntry, frame: number, regs: number, stack: Set<number>, next: number): number | undefined {
    const insn = this.p.code[h.idx]!;
    if (h.frame !== frame) {
      // A callback's exit seen from its caller: the helper, not the callback, set R1-R5.
      if (h.frame === frame + 1 && insn.code === EXIT && this.callsCallback(next)) {
        regs &= ~0x3e;
        return regs || stack.size ? undefined : regs;
      }
      return undefined;
    }
    const cls = insn.code & 7;
    // No closures here: this runs for every remembered instruction of every precision walk.
    const dst = 1 << insn.dst;
    const src = 1 << insn.src;
    switch (cls) {
      case 0x04: case 0x07: {
        if (!(regs & dst)) return regs;
        const op = insn.code & 0xf0;
        if (op === 0xb0) {
          regs &= ~dst;
          if (insn.code & 8) regs |= src;
        } else if (op !== 0x80 && op !== 0xd0 && (insn.code & 8)) {
          regs |= src;
        }
        return regs;
      }
      case 0x01:
        if (!(regs & dst)) return regs;
        regs &= ~dst;
        if (h.spi >= 0) {
          if (h.spiFrame !== frame) return undefined;
          stack.add(h.spi);
        }
        return regs;
      case 0x03: case 0x02: {
        if ((insn.code & 0xe0) === 0xc0) return regs & (src | 1) ? undefined : regs;
        if (h.spi < 0 || !stack.has(h.spi)) return regs;
        if (h.spiFrame !== frame) return undefined;
        stack.delete(h.spi);
        if (cls === 0x03) regs |= src;
        return regs;
      }
      case 0x00:
        if (this.p.wide[h.idx]) return regs & ~dst;
        // LD_ABS/LD_IND: r0 comes from the packet (the kernel gives up and marks everything).
        return regs & 1 ? undefined : regs;
      default: {
        const op = insn.code & 0xf0;
        if (op === 0x80) {
          // A kfunc call sets R0 like a helper; bpf-to-bpf calls are not followed.
          if (insn.src === 1 || (insn.src === 2 && insn.imm === 0)) return regs || stack.size ? undefined : regs;
          if (regs & 0x3e) return undefined;
          return regs & ~1;
        }
        if (op === 0x90) return regs || stack.size ? undefined : regs;
        if (op === 0x00) return regs;
        if (h.linked && (regs & h.linked)) regs |= h.linked;
        if (insn.code & 8) {
          if (regs & (dst | src)) regs |= dst | src;
        }
        if (h.linked && (regs & h.linked)) regs |= h.linked;
        return regs;
      }
    }
  }

  /** `mark_all_scalars_precise` over the current state's ancestors. */
  private markAllPrecise(): void {
    for (let p = this.curParent; p; p = p.parent) {
      for (const f of p.state.frames) {
        for (const r of f.regs) if (r.type === 'scalar') r.precise = true;
        for (const slot of f.stack) if (isSpilledScalarReg(slot)) slot.spilled.precise = true;
      }
    }
  }

  /** `propagate_precision`: a pruned path must keep what the matching old state relied on. */
  private propagatePrecision(old: VerifierState): void {
    const f = old.frames[old.curframe]!;
    const regs: number[] = [];
    f.regs.forEach((r, i) => {
      if (r.type === 'scalar' && r.precise) regs.push(i);
    });
    const spis: number[] = [];
    f.stack.forEach((slot, i) => {
      if (isSpilledScalarReg(slot) && slot.spilled.precise) spis.push(i);
    });
    if (old.curframe !== 0) {
      for (let i = 0; i < old.curframe; i++) {
        const of = old.frames[i]!;
        if (of.regs.some((r) => r.type === 'scalar' && r.precise) || of.stack.some((s) => isSpilledScalarReg(s) && s.spilled.precise)) {
          return this.markAllPrecise();
        }
      }
    }
    const cur = curFrame(this.cur);
    this.markChainPrecision(regs.filter((i) => cur.regs[i]!.type === 'scalar'), spis.filter((i) => cur.stack[i] && isSpilledScalarReg(cur.stack[i]!)), false);
  }

  // --- pruning ----------------------------------------------------------------------------------

  /** Explored states are kept per instruction and calling instruction of the current frame. */
  private exploredKey(idx: number): number {
    return (curFrame(this.cur).callsite + 1) * 0x100000 + idx;
  }

  private bucketOf(idx: number): number {
    return ((idx ^ curFrame(this.cur).callsite) >>> 0) % this.p.count;
  }

  private updateBranchCounts(st: Explored | undefined): void {
    while (st) {
      st.branches--;
      if (st.branches > 0) break;
      if (st.evicted) {
        st.evicted = false;
        this.freeListSize--;
      }
      st = st.parent;
    }
  }

  private isStateVisited(idx: number): boolean {
    const force = this.forceCheckpoints[idx] === 1 || this.cur.jmpHistoryCnt > 40;
    let addNew = force;
    if (this.jmpsProcessed - this.prevJmpsProcessed >= 2 && this.insnProcessed - this.prevInsnProcessed >= 8) addNew = true;
    const key = this.exploredKey(idx);
    const list = this.explored.get(key) ?? [];
    const bucket = this.bucketOf(idx);
    const statesCnt = this.bucketStates[bucket]!;
    const live = this.liveRegs;
    for (let i = 0; i < list.length; i++) {
      const sl = list[i]!;
      if (sl.branches > 0) {
        if (this.callsCallback(idx)) {
          // Another iteration of the callback reached the call with nothing new: the loop converged.
          if (statesEqual(sl.state, this.cur, live, 'range_within', this.liveStack)) {
            sl.hit++;
            this.propagatePrecision(sl.state);
            return true;
          }
        } else if ((sl.state.callbackUnrollDepth ?? 0) === (this.cur.callbackUnrollDepth ?? 0) && statesEqual(sl.state, this.cur, live, 'exact')) {
          throw new Reject([
            `infinite loop detected at insn ${idx}`,
            `cur state:${stateString(this.cur, this.cur.curframe, true, this.scratch)}`,
            `old state:${stateString(sl.state, this.cur.curframe, true, this.scratch)}`,
          ], 'EINVAL');
        }
        if (!force && this.jmpsProcessed - this.prevJmpsProcessed < 20 && this.insnProcessed - this.prevInsnProcessed < 100) addNew = false;
      } else if (statesEqual(sl.state, this.cur, live, 'not_exact', this.liveStack)) {
        sl.hit++;
        this.propagatePrecision(sl.state);
        return true;
      }
      if (addNew) sl.miss++;
      // Checkpoints of a loop still being explored may miss longer before eviction (iterator convergence).
      const n = this.forceCheckpoints[idx] === 1 && sl.branches > 0 ? 64 : 3;
      if (sl.miss > sl.hit * n + n) {
        list.splice(i, 1);
        i--;
        if (sl.branches > 0) {
          sl.evicted = true;
          this.freeListSize++;
        }
        this.exploredSize--;
        this.bucketStates[bucket]!--;
      }
    }
    if (this.maxStatesPerInsn < statesCnt) this.maxStatesPerInsn = statesCnt;
    if (!addNew) return false;
    this.totalStates++;
    this.exploredSize++;
    this.bucketStates[bucket]!++;
    // update_peak_states: evicted states still on a path count until they are freed.
    if (this.exploredSize + this.freeListSize > this.peakStates) this.peakStates = this.exploredSize + this.freeListSize;
    this.prevJmpsProcessed = this.jmpsProcessed;
    this.prevInsnProcessed = this.insnProcessed;
    const entry: Explored = { state: copyState(this.cur), branches: 1, parent: this.curParent, hit: 0, miss: 0, live: [] };
    list.push(entry);
    this.explored.set(key, list);
    this.curParent = entry;
    this.cur.hist = [];
    this.cur.jmpHistoryCnt = 0;
    this.cur.jmpHistoryLast = -1;
    return false;
  }

  private pushStack(insnIdx: number, prevInsnIdx: number): VerifierState {
    const state = copyState(this.cur);
    let p = this.curParent;
    if (p) p.branches++;
    void p;
    this.stack.push({ state, insnIdx, prevInsnIdx, logPos: this.lastInsnTextEnd, parent: this.curParent });
    if (this.stack.length > 8192) throw new Reject(`The sequence of ${this.stack.length} jumps is too complex.`, 'E2BIG');
    return state;
  }

  // --- ALU ---------------------------------------------------------------------------------------

  private checkAlu(insn: Insn): void {
    const f = formOf(insn);
    const alu64 = (insn.code & 7) === 0x07;
    if (!f) throw new Reject(`invalid BPF_ALU opcode ${((insn.code & 0xf0)).toString(16)}`, 'EINVAL');
    const regs = this.regs();
    if (f.kind === 'end' || f.kind === 'neg') {
      this.checkRegRead(insn.dst);
      const dst = regs[insn.dst]!;
      if (f.kind === 'neg' && dst.type === 'scalar') {
        this.checkRegWrite(insn.dst);
        adjustScalar(dst, { ...dst }, 'neg', alu64);
        dst.id = 0;
      } else if (f.kind === 'end' && dst.type === 'scalar') {
        this.checkRegWrite(insn.dst);
        // scalar_byte_swap (little-endian host): bswap*, be* swap; le* only truncate.
        const bytes = (insn.imm / 8) as 2 | 4 | 8;
        if (alu64 || (insn.code & 8)) {
          dst.varOff = tnumBswap(dst.varOff, bytes);
          markUnbounded(dst);
        }
        dst.id = 0;
        if (bytes !== 8) coerceRegToSize(dst, bytes);
        else regBoundsSync(dst);
      } else {
        this.checkRegWrite(insn.dst);
        this.markUnknownReg(insn.dst);
      }
      return;
    }
    if (f.op === 'mov') {
      if (f.reg) this.checkRegRead(insn.src);
      const dst = this.checkRegWrite(insn.dst);
      if (f.reg) {
        const src = regs[insn.src]!;
        if (alu64) {
          if (f.kind !== 'movsx') {
            this.assignScalarIdBeforeMov(src);
            Object.assign(dst, copyReg(src));
          } else if (src.type === 'scalar') {
            const noSext = src.umax < 1n << BigInt(insn.off - 1);
            if (noSext) this.assignScalarIdBeforeMov(src);
            Object.assign(dst, copyReg(src));
            if (!noSext) dst.id = 0;
            coerceRegToSizeSx(dst, insn.off >> 3);
          } else {
            markUnknown(dst);
          }
        } else {
          if (src.type === 'scalar') {
            if (f.kind !== 'movsx') {
              const isU32 = regWidth(src) <= 32;
              if (isU32) this.assignScalarIdBeforeMov(src);
              Object.assign(dst, copyReg(src));
              if (!isU32) dst.id = 0;
            } else {
              const noSext = src.umax < 1n << BigInt(insn.off - 1);
              if (noSext) this.assignScalarIdBeforeMov(src);
              Object.assign(dst, copyReg(src));
              if (!noSext) dst.id = 0;
              coerceSubregToSizeSx(dst, insn.off >> 3);
            }
          } else {
            markUnknown(dst);
          }
          zext32To64(dst);
          regBoundsSync(dst);
        }
      } else {
        markUnknown(dst);
        markKnown(dst, alu64 ? BigInt(insn.imm) : BigInt(insn.imm >>> 0));
      }
      return;
    }
    // all other binary operations
    if (f.reg) this.checkRegRead(insn.src);
    this.checkRegRead(insn.dst);
    if ((f.op === 'div' || f.op === 'mod' || f.op === 'sdiv' || f.op === 'smod') && !f.reg && insn.imm === 0) {
      throw new Reject('div by zero', 'EINVAL');
    }
    if ((f.op === 'lsh' || f.op === 'rsh' || f.op === 'arsh') && !f.reg) {
      const size = alu64 ? 64 : 32;
      if (insn.imm < 0 || insn.imm >= size) throw new Reject(`invalid shift ${insn.imm}`, 'EINVAL');
    }
    this.checkRegWrite(insn.dst);
    this.adjustRegMinMaxVals(insn, f.op as string, alu64);
  }

  private adjustRegMinMaxVals(insn: Insn, op: string, alu64: boolean): void {
    const regs = this.regs();
    const dst = regs[insn.dst]!;
    const ptrReg = dst.type !== 'scalar' ? dst : undefined;
    let src: Reg;
    if (insn.code & 8) {
      src = regs[insn.src]!;
      if (src.type !== 'scalar') {
        if (dst.type !== 'scalar') {
          if (op === 'sub') {
            markUnknown(dst);
            return;
          }
          throw new Reject(`R${insn.dst} pointer ${ALU_STRING[op] ?? op} pointer prohibited`);
        }
        this.markChainPrecision([insn.dst]);
        this.adjustPtrMinMaxVals(insn, op, alu64, src, dst, insn.dst);
        return;
      } else if (ptrReg) {
        this.markChainPrecision([insn.src]);
        this.adjustPtrMinMaxVals(insn, op, alu64, ptrReg, src, insn.dst);
        return;
      } else if (dst.precise) {
        this.markChainPrecision([insn.src]);
      }
    } else {
      src = scalarKnown(BigInt(insn.imm));
      if (ptrReg) {
        this.adjustPtrMinMaxVals(insn, op, alu64, ptrReg, src, insn.dst);
        return;
      }
    }
    const srcCopy = copyReg(src);
    if (!isSafeToComputeDstRange(op, srcCopy, alu64)) {
      markUnknown(dst);
      return;
    }
    if (op === 'and' && isConst(srcCopy, !alu64)) this.maybeForkScalars(insn, dst);
    adjustScalar(dst, srcCopy, op, alu64);
    this.linkConstOffset(dst, srcCopy, op, alu64);
  }

  /**
   * `maybe_fork_scalars`: a scalar known to be -1 or 0 (the `s>>= 63` idiom) is split before an AND:
   * this path continues with -1, the instruction is re-verified later with 0.
   */
  private maybeForkScalars(insn: Insn, dst: Reg): void {
    let alu32: boolean;
    if (dst.smin === -1n && dst.smax === 0n) alu32 = false;
    else if (dst.s32min === -1n && dst.s32max === 0n) alu32 = true;
    else return;
    const branch = this.pushStack(this.insnIdx, this.insnIdx);
    const other = branch.frames[branch.curframe]!.regs[insn.dst]!;
    if (alu32) {
      markKnown32(other, 0n);
      markKnown32(dst, u64(-1n));
    } else {
      markKnown(other, 0n);
      markKnown(dst, u64(-1n));
    }
  }

  /** Remembers `dst = linked + k` after `+=`/`-=` of a constant so comparisons refine both. */
  private linkConstOffset(dst: Reg, src: Reg, op: string, alu64: boolean): void {
    const alu32 = !alu64;
    if ((op === 'add' || op === 'sub') && dst.id && isConst(src, alu32)) {
      const val = constValue(src, alu32);
      const clear = (): void => {
        dst.off = 0;
        dst.id = 0;
      };
      if (!alu32 && (s64(val) < -(1n << 31n) || s64(val) > (1n << 31n) - 1n)) return clear();
      if (alu32 && (dst.id & ADD_CONST64)) return clear();
      let off = Number(s32(val));
      if (op === 'sub') {
        if (off === -(2 ** 31)) return clear();
        off = -off;
      }
      if (dst.id & ADD_CONST) return clear();
      dst.id |= alu32 ? ADD_CONST32 : ADD_CONST64;
      dst.off = off;
    } else {
      dst.id = 0;
    }
  }

  private adjustPtrMinMaxVals(insn: Insn, op: string, alu64: boolean, ptr: Reg, off: Reg, dstno: number): void {
    const dst = this.regs()[dstno]!;
    const known = tnumIsConst(off.varOff);
    const sminVal = off.smin, smaxVal = off.smax, uminVal = off.umin, umaxVal = off.umax;
    const sminPtr = ptr.smin, smaxPtr = ptr.smax, uminPtr = ptr.umin, umaxPtr = ptr.umax;
    if ((known && (sminVal !== smaxVal || uminVal !== umaxVal)) || sminVal > smaxVal || uminVal > umaxVal) {
      markUnknown(dst);
      return;
    }
    if (!alu64) {
      if (op === 'sub') {
        markUnknown(dst);
        return;
      }
      throw new Reject(`R${dstno} 32-bit pointer arithmetic prohibited`);
    }
    if (ptr.flags & Flag.MAYBE_NULL) {
      throw new Reject(`R${dstno} pointer arithmetic on ${regTypeStr(ptr)} prohibited, null-check it first`);
    }
    switch (ptr.type) {
      case 'ctx': case 'map_value': case 'map_key': case 'fp': case 'pkt_meta': case 'pkt': case 'tp_buffer':
      case 'mem': case 'buf': case 'func': case 'ptr_':
        break;
      case 'flow_keys':
        if (known) break;
        throw new Reject(`R${dstno} pointer arithmetic on ${regTypeStr(ptr)} prohibited`);
      case 'map_ptr':
        if (known && sminVal === 0n && op === 'add') break;
        throw new Reject(`R${dstno} pointer arithmetic on ${regTypeStr(ptr)} prohibited`);
      default:
        throw new Reject(`R${dstno} pointer arithmetic on ${regTypeStr(ptr)} prohibited`);
    }
    const ptrCopy = copyReg(ptr);
    const offCopy = copyReg(off);
    const out = dst;
    out.type = ptrCopy.type;
    out.flags = ptrCopy.flags;
    out.id = ptrCopy.id;
    this.checkRegSaneOffset(offCopy, ptrCopy);
    this.checkRegSaneOffset(ptrCopy, ptrCopy);
    markUnbounded32(out);
    const copyRaw = (): void => {
      out.map = ptrCopy.map;
      out.range = ptrCopy.range;
      out.memSize = ptrCopy.memSize;
      out.frameno = ptrCopy.frameno;
      out.subprog = ptrCopy.subprog;
      out.refObjId = ptrCopy.refObjId;
    };
    const isPkt = ptrCopy.type === 'pkt' || ptrCopy.type === 'pkt_meta';
    if (op === 'add') {
      const sum = ptrCopy.off + Number(sminVal);
      if (known && sum === (sum | 0)) {
        out.smin = sminPtr; out.smax = smaxPtr; out.umin = uminPtr; out.umax = umaxPtr;
        out.varOff = ptrCopy.varOff;
        out.off = sum;
        copyRaw();
      } else {
        const [smin, o1] = addS64(sminPtr, sminVal);
        const [smax, o2] = addS64(smaxPtr, smaxVal);
        if (o1 || o2) { out.smin = S64_MIN; out.smax = S64_MAX; } else { out.smin = smin; out.smax = smax; }
        const [umin, o3] = addU64(uminPtr, uminVal);
        const [umax, o4] = addU64(umaxPtr, umaxVal);
        if (o3 || o4) { out.umin = 0n; out.umax = (1n << 64n) - 1n; } else { out.umin = umin; out.umax = umax; }
        out.varOff = tnumAdd(ptrCopy.varOff, offCopy.varOff);
        out.off = ptrCopy.off;
        copyRaw();
        if (isPkt) {
          out.id = ++this.idGen;
          out.range = 0;
        }
      }
    } else if (op === 'sub') {
      if (dst === off && dstno === insn.dst && off.type === 'scalar' && ptr !== dst) {
        throw new Reject(`R${dstno} tried to subtract pointer from scalar`);
      }
      if (ptrCopy.type === 'fp') throw new Reject(`R${dstno} subtraction from stack pointer prohibited`);
      const diff = ptrCopy.off - Number(sminVal);
      if (known && diff === (diff | 0)) {
        out.smin = sminPtr; out.smax = smaxPtr; out.umin = uminPtr; out.umax = umaxPtr;
        out.varOff = ptrCopy.varOff;
        out.id = ptrCopy.id;
        out.off = diff;
        copyRaw();
      } else {
        const [smin, o1] = subS64(sminPtr, smaxVal);
        const [smax, o2] = subS64(smaxPtr, sminVal);
        if (o1 || o2) { out.smin = S64_MIN; out.smax = S64_MAX; } else { out.smin = smin; out.smax = smax; }
        if (uminPtr < umaxVal) { out.umin = 0n; out.umax = (1n << 64n) - 1n; } else { out.umin = uminPtr - umaxVal; out.umax = umaxPtr - uminVal; }
        out.varOff = subTnum(ptrCopy, offCopy);
        out.off = ptrCopy.off;
        copyRaw();
        if (isPkt) {
          out.id = ++this.idGen;
          if (sminVal < 0n) out.range = 0;
        }
      }
    } else if (op === 'and' || op === 'or' || op === 'xor') {
      throw new Reject(`R${dstno} bitwise operator ${ALU_STRING[op]} on pointer prohibited`);
    } else {
      throw new Reject(`R${dstno} pointer arithmetic with ${ALU_STRING[op] ?? op} operator prohibited`);
    }
    out.precise = false;
    this.checkRegSaneOffset(out, ptrCopy);
    regBoundsSync(out);
  }

  private checkRegSaneOffset(r: Reg, ptr: Reg): void {
    const known = tnumIsConst(r.varOff);
    const val = s64(r.varOff.value);
    const t = regTypeStr(ptr);
    // check_reg_sane_offset failures make adjust_ptr_min_max_vals return -EINVAL.
    if (known && (val >= BigInt(MAX_VAR_OFF) || val <= -BigInt(MAX_VAR_OFF))) {
      throw new Reject(`math between ${t} pointer and ${val} is not allowed`, 'EINVAL');
    }
    if (r.off >= MAX_VAR_OFF || r.off <= -MAX_VAR_OFF) throw new Reject(`${t} pointer offset ${r.off} is not allowed`, 'EINVAL');
    if (r.smin === S64_MIN) throw new Reject(`math between ${t} pointer and register with unbounded min value is not allowed`, 'EINVAL');
    if (r.smin >= BigInt(MAX_VAR_OFF) || r.smin <= -BigInt(MAX_VAR_OFF)) {
      throw new Reject(`value ${r.smin} makes ${t} pointer be out of bounds`, 'EINVAL');
    }
  }

  // --- LD_IMM64, LD_ABS -------------------------------------------------------------------------

  private checkLdImm(insn: Insn): void {
    const dst = this.checkRegWrite(insn.dst);
    markUnknown(dst);
    if (insn.src === 0) {
      markKnown(dst, (BigInt(insn.hi ?? 0) << 32n) | BigInt(insn.imm >>> 0));
      return;
    }
    if (insn.src === 4) {
      markKnown(dst, 0n);
      dst.type = 'func';
      dst.subprog = this.insnIdx + insn.imm + 1;
      return;
    }
    if (insn.src === 1 || insn.src === 5 || insn.src === 2 || insn.src === 6) {
      const map = this.maps[insn.imm];
      if (!map) throw new Reject(`fd ${insn.imm} is not pointing to valid bpf_map`, 'EBADF');
      markKnown(dst, 0n);
      if (insn.src === 2 || insn.src === 6) {
        dst.type = 'map_value';
        dst.off = insn.hi ?? 0;
      } else {
        dst.type = 'map_ptr';
      }
      dst.map = map;
      return;
    }
    if (insn.src === 3) {
      // A kernel symbol (`__ksym`), resolved to its vmlinux BTF id by the loader.
      if (!this.kernel) throw new Reject('kernel symbols (BPF_PSEUDO_BTF_ID) need the kernel\'s BTF, not given to tsbpf\'s verifier', 'EINVAL');
      const sym = ksymAt(this.kernel, insn.imm);
      if ('error' in sym) throw new Reject(sym.error, 'EINVAL');
      markKnown(dst, 0n);
      if (sym.kind === 'btf_id') {
        dst.type = 'ptr_';
        dst.btf = sym.btf;
      } else {
        dst.type = 'mem';
        dst.flags = Flag.RDONLY;
        dst.memSize = sym.size;
      }
      return;
    }
    throw new Reject('invalid BPF_LD_IMM insn', 'EINVAL');
  }

  private checkLdAbs(insn: Insn, ind: boolean): void {
    const r6 = this.checkRegRead(6);
    if (ind) this.checkRegRead(insn.src);
    this.checkResourceLeak(true, 'BPF_LD_[ABS|IND]');
    if (r6.type !== 'ctx') throw new Reject('at the time of BPF_LD_ABS|IND R6 != pointer to skb');
    const regs = this.regs();
    for (const r of CALLER_SAVED) {
      regs[r] = notInit();
      this.checkRegWrite(r);
    }
    markUnknown(regs[0]!);
  }

  // --- memory access ----------------------------------------------------------------------------

  private checkMemAccess(regno: number, off: number, size: number, write: boolean, valueRegno: number, ldsx: boolean, insn: Insn | undefined): void {
    const regs = this.regs();
    const reg = regs[regno]!;
    if (reg.type === 'fp' && size !== 1) {
      const regOff = tnumAdd(reg.varOff, tnumConst(BigInt(reg.off + off)));
      if (!tnumIsAligned(regOff, size)) {
        const vo = tnumIsConst(reg.varOff) ? s64(reg.varOff.value).toString() : tnumToString(reg.varOff);
        throw new Reject(`misaligned stack access off ${vo}+${reg.off}+${off} size ${size}`);
      }
    }
    off += reg.off;
    const valueReg = valueRegno >= 0 ? regs[valueRegno] : undefined;
    if (reg.type === 'map_value' && !(reg.flags & Flag.MAYBE_NULL)) {
      if (write && reg.map && (reg.map.flags & (1 << 7))) {
        throw new Reject(`write into map forbidden, value_size=${reg.map.valueSize} off=${off} size=${size}`);
      }
      this.checkMapAccess(regno, reg, off, size, false);
      if (!write && valueRegno >= 0) {
        const v = regs[valueRegno]!;
        const map = reg.map!;
        if (tnumIsConst(reg.varOff) && (map.flags & (1 << 7)) && map.initial) {
          const at = off + Number(reg.varOff.value);
          let val = 0n;
          for (let i = size - 1; i >= 0; i--) val = (val << 8n) | BigInt(map.initial[at + i] ?? 0);
          if (ldsx) val = BigInt.asUintN(64, BigInt.asIntN(size * 8, val));
          markUnknown(v);
          markKnown(v, val);
        } else {
          markUnknown(v);
        }
      }
    } else if (reg.type === 'map_key' && !(reg.flags & Flag.MAYBE_NULL)) {
      if (write) throw new Reject(`write to change key R${regno} not allowed`);
      this.checkMemRegionAccess(regno, reg, off, size, reg.map!.keySize, false);
      if (valueRegno >= 0) markUnknown(regs[valueRegno]!);
    } else if (reg.type === 'mem') {
      if (reg.flags & Flag.MAYBE_NULL) throw new Reject(`R${regno} invalid mem access '${regTypeStr(reg)}'`);
      if (write && (reg.flags & Flag.RDONLY)) throw new Reject(`R${regno} cannot write into ${regTypeStr(reg)}`);
      this.checkMemRegionAccess(regno, reg, off, size, reg.memSize, false);
      if (valueRegno >= 0 && (!write || (reg.flags & Flag.RDONLY))) markUnknown(regs[valueRegno]!);
    } else if (reg.type === 'ctx') {
      if (write && valueReg && valueReg.type !== 'scalar') { /* privileged: allowed to leak */ }
      this.checkPtrOffReg(reg, regno, false);
      const acc = this.type.ctxAccess(off, size, write, ldsx);
      if (acc.note) this.verbose(`${acc.note}\n`);
      if (!acc.ok) throw new Reject(`invalid bpf_context access off=${off} size=${size}`);
      if (!write && valueRegno >= 0) {
        const v = regs[valueRegno]!;
        if (!acc.regType || acc.regType === 'scalar') {
          markUnknown(v);
        } else {
          markUnknown(v);
          markKnown(v, 0n);
          v.type = acc.regType;
          if (acc.maybeNull) {
            v.flags |= Flag.MAYBE_NULL;
            v.id = ++this.idGen;
          }
          if (acc.btf) {
            v.btf = acc.btf;
            v.flags |= acc.flags ?? 0;
          }
        }
      }
    } else if (reg.type === 'fp') {
      this.checkStackAccessWithinBounds(regno, reg, off, size, write);
      if (!write) this.checkStackRead(regno, reg, off, size, valueRegno);
      else this.checkStackWrite(reg, off, size, valueRegno, insn);
    } else if (reg.type === 'pkt' || reg.type === 'pkt_meta') {
      if (write && !this.type.pktWrite) throw new Reject('cannot write into packet');
      if (!this.type.pktAccess && !write) throw new Reject(`R${regno} invalid mem access '${regTypeStr(reg)}'`);
      this.checkPacketAccess(regno, reg, off, size, false);
      if (!write && valueRegno >= 0) markUnknown(regs[valueRegno]!);
    } else if (reg.type === 'ptr_' && !(reg.flags & Flag.MAYBE_NULL) && reg.btf && this.type.kernelTypes) {
      this.checkPtrToBtfAccess(regno, reg, off, size, write, valueRegno);
    } else if (reg.type === 'ptr_' && !(reg.flags & Flag.MAYBE_NULL)) {
      // The kernel walks the BTF struct (check_ptr_to_btf_access): that needs the kernel's BTF.
      throw new Reject(`R${regno} access through ${regTypeStr(reg)}task_struct is not supported by tsbpf's verifier`, 'EINVAL');
    } else {
      throw new Reject(`R${regno} invalid mem access '${regTypeStr(reg)}'`);
    }
    if (size < REG_SIZE && valueRegno >= 0 && !write && regs[valueRegno]!.type === 'scalar') {
      if (!ldsx) coerceRegToSize(regs[valueRegno]!, size);
      else coerceRegToSizeSx(regs[valueRegno]!, size);
    }
  }

  /** `check_ptr_to_btf_access`: loads walk the kernel struct (btf-access.ts); stores need the program type's permission. */
  private checkPtrToBtfAccess(regno: number, reg: Reg, off: number, size: number, write: boolean, valueRegno: number): void {
    const k = this.type.kernelTypes!;
    const btf = reg.btf!;
    if (!this.gpl) throw new Reject(`Cannot access kernel 'struct ${btf.name}' from non-GPL compatible program`, 'EINVAL');
    if (off < 0) throw new Reject(`R${regno} is ptr_${btf.name} invalid negative access: off=${off}`);
    if (!tnumIsConst(reg.varOff) || reg.varOff.value) {
      throw new Reject(`R${regno} is ptr_${btf.name} invalid variable offset: off=${off}, var_off=${tnumToString(reg.varOff)}`);
    }
    if (reg.flags & Flag.USER) throw new Reject(`R${regno} is ptr_${btf.name} access user memory: off=${off}`);
    if (reg.flags & Flag.PERCPU) throw new Reject(`R${regno} is ptr_${btf.name} access percpu memory: off=${off}`);
    if (write) {
      const denied = this.type.btfWrite ? this.type.btfWrite(btf, off, size) : 'only read is supported';
      if (denied) throw new Reject(denied);
      return;
    }
    const got = btfStructAccess(k, btf, off, size);
    if (got.kind === 'error') throw new Reject(got.message, got.errno);
    if (valueRegno < 0) return;
    const v = this.regs()[valueRegno]!;
    markUnknown(v);
    if (got.kind === 'scalar') return;
    markKnown(v, 0n);
    if (got.kind === 'mem_untrusted') {
      v.type = 'mem';
      v.flags = Flag.RDONLY | Flag.UNTRUSTED;
      return;
    }
    v.type = 'ptr_';
    v.btf = got.btf;
    v.flags = loadedPointerFlags(k, { btf, flags: reg.flags, refObjId: reg.refObjId }, got);
    if (v.flags & Flag.MAYBE_NULL) v.id = ++this.idGen;
  }

  private checkPtrOffReg(reg: Reg, regno: number, fixedOffOk: boolean): void {
    const t = regTypeStr(reg);
    if (reg.off < 0) throw new Reject(`negative offset ${t} ptr R${regno} off=${reg.off} disallowed`);
    if (!fixedOffOk && reg.off) throw new Reject(`dereference of modified ${t} ptr R${regno} off=${reg.off} disallowed`);
    if (!tnumIsConst(reg.varOff) || reg.varOff.value) {
      throw new Reject(`variable ${t} access var_off=${tnumToString(reg.varOff)} disallowed`);
    }
  }

  /** `check_mem_region_access`: [off, off+size) within [0, memSize) for every value of var_off. */
  private checkMemRegionAccess(regno: number, reg: Reg, off: number, size: number, memSize: number, zeroSizeAllowed: boolean, what: 'map' | 'mem' = 'mem'): void {
    const errFn = (o: number): string[] => {
      if (what === 'map') return [`invalid access to map value, value_size=${memSize} off=${o} size=${size}`];
      if (reg.type === 'map_key') return [`invalid access to map key, key_size=${memSize} off=${o} size=${size}`];
      return [`invalid access to memory, mem_size=${memSize} off=${o} size=${size}`];
    };
    const inBounds = (o: bigint): boolean => o >= 0n && (o + BigInt(size) <= BigInt(memSize)) && (size > 0 || zeroSizeAllowed);
    if (reg.smin < 0n && (reg.smin === S64_MIN || BigInt(off) + reg.smin !== BigInt(off + Number(reg.smin)) || BigInt(off) + reg.smin < 0n)) {
      throw new Reject(`R${regno} min value is negative, either use unsigned index or do a if (index >=0) check.`);
    }
    const minOff = BigInt(off) + reg.smin;
    if (!inBounds(minOff)) {
      throw new Reject([...errFn(Number(minOff)), `R${regno} min value is outside of the allowed memory range`]);
    }
    if (reg.umax >= BigInt(1 << 29)) {
      throw new Reject(`R${regno} unbounded memory access, make sure to bounds check any such access`);
    }
    const maxOff = BigInt(off) + reg.umax;
    if (!inBounds(maxOff)) {
      throw new Reject([...errFn(Number(maxOff)), `R${regno} max value is outside of the allowed memory range`]);
    }
  }

  private checkMapAccess(regno: number, reg: Reg, off: number, size: number, zeroSizeAllowed: boolean): void {
    this.checkMemRegionAccess(regno, reg, off, size, reg.map!.valueSize, zeroSizeAllowed, 'map');
    // No load, store or helper may touch any byte of the lock word.
    const lockOff = reg.map!.spinLockOffset;
    if (lockOff !== undefined && reg.smin + BigInt(off) < BigInt(lockOff + SPIN_LOCK_SIZE) && BigInt(lockOff) < reg.umax + BigInt(off + size)) {
      throw new Reject('bpf_spin_lock cannot be accessed directly by load/store');
    }
  }

  /** `check_packet_access`: only the fixed offset is checked against the proven range. */
  private checkPacketAccess(regno: number, reg: Reg, off: number, size: number, zeroSizeAllowed: boolean): void {
    if (reg.smin < 0n) {
      throw new Reject(`R${regno} min value is negative, either use unsigned index or do a if (index >=0) check.`);
    }
    const outside = `R${regno} offset is outside of the packet`;
    if (reg.range < 0) throw new Reject(outside);
    const sizeOk = size > 0 || (size === 0 && zeroSizeAllowed);
    if (!(off >= 0 && sizeOk && off + size <= reg.range)) {
      throw new Reject([`invalid access to packet, off=${off} size=${size}, R${regno}(id=${reg.id},off=${off},r=${reg.range})`, outside]);
    }
  }

  // --- stack ------------------------------------------------------------------------------------

  private frameOf(reg: Reg): FuncState {
    return this.cur.frames[reg.frameno]!;
  }

  private checkStackAccessWithinBounds(regno: number, reg: Reg, off: number, size: number, write: boolean): void {
    const extra = write ? ' write to' : ' read from';
    let minOff: bigint;
    let maxOff: bigint;
    if (tnumIsConst(reg.varOff)) {
      minOff = s64(reg.varOff.value) + BigInt(off);
      maxOff = minOff + BigInt(size);
    } else {
      if (reg.smax >= BigInt(MAX_VAR_OFF) || reg.smin <= -BigInt(MAX_VAR_OFF)) {
        throw new Reject(`invalid unbounded variable-offset${extra} stack R${regno}`);
      }
      minOff = reg.smin + BigInt(off);
      maxOff = reg.smax + BigInt(off) + BigInt(size);
    }
    // Below the stack or above fp is EACCES; running from the stack into fp+ is EINVAL.
    const errno = minOff < -BigInt(MAX_BPF_STACK) || minOff > -1n ? 'EACCES' : maxOff > 0n ? 'EINVAL' : size < 0 ? 'EFAULT' : undefined;
    if (errno) {
      if (tnumIsConst(reg.varOff)) throw new Reject(`invalid${extra} stack R${regno} off=${off} size=${size}`, errno);
      throw new Reject(`invalid variable-offset${extra} stack R${regno} var_off=${tnumToString(reg.varOff)} off=${off} size=${size}`, errno);
    }
    const frame = this.frameOf(reg);
    growStack(frame, Number(-minOff));
    const depth = frame.stack.length * REG_SIZE;
    if ((this.stackDepth.get(frame.subprog) ?? 0) < depth) this.stackDepth.set(frame.subprog, depth);
  }

  private checkStackWrite(reg: Reg, off: number, size: number, valueRegno: number, insn: Insn | undefined): void {
    const frame = this.frameOf(reg);
    if (tnumIsConst(reg.varOff)) {
      this.checkStackWriteFixedOff(frame, off + Number(s64(reg.varOff.value)), size, valueRegno, insn);
    } else {
      this.checkStackWriteVarOff(frame, reg, off, size, valueRegno);
    }
  }

  private saveRegisterState(slot: StackSlot, r: Reg, size: number): void {
    slot.spilled = copyReg(r);
    let i = REG_SIZE;
    for (; i > REG_SIZE - size; i--) slot.slotType[i - 1] = Slot.SPILL;
    for (; i; i--) {
      const t = slot.slotType[i - 1]!;
      if (t !== Slot.ZERO && t !== Slot.INVALID) slot.slotType[i - 1] = Slot.MISC;
    }
  }

  private checkStackWriteFixedOff(frame: FuncState, off: number, size: number, valueRegno: number, insn: Insn | undefined): void {
    const slotNo = -off - 1;
    const spi = Math.floor(slotNo / REG_SIZE);
    const slot = frame.stack[spi]!;
    const reg = valueRegno >= 0 ? this.regs()[valueRegno] : undefined;
    this.scratchStack(spi);
    this.recordStackAccess(frame, spi, insn !== undefined);
    const isSt = insn !== undefined && (insn.code & 7) === 0x02;
    if (reg && off % REG_SIZE === 0 && reg.type === 'scalar') {
      const fits = regWidth(reg) <= 8 * size;
      if (fits) this.assignScalarIdBeforeMov(reg);
      this.saveRegisterState(slot, reg, size);
      if (!fits) slot.spilled.id = 0;
      if (insn) this.pushJmpHistory();
    } else if (!reg && off % REG_SIZE === 0 && isSt) {
      this.saveRegisterState(slot, scalarKnown(BigInt(insn!.imm)), size);
      this.pushJmpHistory();
    } else if (reg && reg.type !== 'scalar') {
      if (size !== REG_SIZE) throw new Reject('invalid size of register spill');
      if (frame !== curFrame(this.cur) && reg.type === 'fp') {
        throw new Reject('cannot spill pointers to stack into stack frame of the caller', 'EINVAL');
      }
      this.saveRegisterState(slot, reg, size);
      if (insn) this.pushJmpHistory();
    } else {
      let type: number = Slot.MISC;
      slot.spilled = notInit();
      const special = slot.slotType[REG_SIZE - 1];
      if (special === Slot.SPILL || special === Slot.DYNPTR || special === Slot.ITER || special === Slot.IRQ_FLAG) {
        for (let i = 0; i < REG_SIZE; i++) if (slot.slotType[i] !== Slot.INVALID) slot.slotType[i] = Slot.MISC;
      }
      if ((reg && reg.type === 'scalar' && tnumIsConst(reg.varOff) && reg.varOff.value === 0n) || (!reg && isSt && insn!.imm === 0)) {
        if (reg) this.markChainPrecision([valueRegno]);
        type = Slot.ZERO;
      }
      for (let i = 0; i < size; i++) slot.slotType[(slotNo - i) % REG_SIZE] = type;
    }
  }

  private checkStackWriteVarOff(frame: FuncState, reg: Reg, off: number, size: number, valueRegno: number): void {
    const minOff = Number(reg.smin) + off;
    const maxOff = Number(reg.smax) + off + size;
    const value = valueRegno >= 0 ? this.regs()[valueRegno] : undefined;
    const writingZero = value !== undefined && value.type === 'scalar' && tnumIsConst(value.varOff) && value.varOff.value === 0n;
    for (let i = minOff; i < maxOff; i++) {
      const slotNo = -i - 1;
      const spi = Math.floor(slotNo / REG_SIZE);
      const slot = frame.stack[spi]!;
      const j = slotNo % REG_SIZE;
      this.scratchStack(spi);
      const special = slot.slotType[REG_SIZE - 1];
      if (special === Slot.SPILL || special === Slot.DYNPTR || special === Slot.ITER) {
        slot.spilled = notInit();
        for (let k = 0; k < REG_SIZE; k++) if (slot.slotType[k] !== Slot.INVALID) slot.slotType[k] = Slot.MISC;
      }
      let newType: number = Slot.MISC;
      if (writingZero && slot.slotType[j] === Slot.ZERO) newType = Slot.ZERO;
      if (slot.slotType[j] === Slot.INVALID && !writingZero) newType = Slot.MISC;
      slot.slotType[j] = newType;
    }
  }

  private checkStackRead(regno: number, reg: Reg, off: number, size: number, dstRegno: number): void {
    const frame = this.frameOf(reg);
    if (tnumIsConst(reg.varOff)) {
      this.checkStackReadFixedOff(frame, off + Number(s64(reg.varOff.value)), size, dstRegno);
    } else {
      const minOff = Number(reg.smin) + off;
      const maxOff = Number(reg.smax) + off + size;
      void regno;
      this.markRegStackRead(frame, minOff, maxOff, dstRegno);
    }
  }

  private markRegStackRead(frame: FuncState, minOff: number, maxOff: number, dstRegno: number): void {
    let zeros = 0;
    for (let i = minOff; i < maxOff; i++) {
      const slotNo = -i - 1;
      const spi = Math.floor(slotNo / REG_SIZE);
      this.scratchStack(spi);
      if (frame.stack[spi]!.slotType[slotNo % REG_SIZE] !== Slot.ZERO) break;
      zeros++;
    }
    const dst = this.regs()[dstRegno]!;
    markUnknown(dst);
    if (zeros === maxOff - minOff) markKnown(dst, 0n);
  }

  private checkStackReadFixedOff(frame: FuncState, off: number, size: number, dstRegno: number): void {
    const slotNo = -off - 1;
    const spi = Math.floor(slotNo / REG_SIZE);
    const slot = frame.stack[spi]!;
    const stype = slot.slotType;
    const spilled = slot.spilled;
    const regs = this.regs();
    this.scratchStack(spi);
    if (dstRegno >= 0) this.recordStackAccess(frame, spi, true);
    if (isSpilledReg(slot)) {
      let spillSize = 1;
      for (let i = REG_SIZE - 1; i > 0 && stype[i - 1] === Slot.SPILL; i--) spillSize++;
      if (size !== REG_SIZE || spillSize !== REG_SIZE) {
        if (spilled.type !== 'scalar') throw new Reject('invalid size of register fill');
        if (dstRegno < 0) return;
        if (size <= spillSize && stackNarrowAccessOk(off, size, spillSize)) {
          if (size === 4 && spillSize === 4 && regWidth(spilled) <= 32) this.assignScalarIdBeforeMov(spilled);
          Object.assign(regs[dstRegno]!, copyReg(spilled));
          if (regWidth(spilled) > size * 8) regs[dstRegno]!.id = 0;
          this.pushJmpHistory();
        } else {
          let spillCnt = 0;
          let zeroCnt = 0;
          for (let i = 0; i < size; i++) {
            const t = stype[(slotNo - i) % REG_SIZE];
            if (t === Slot.SPILL) { spillCnt++; continue; }
            if (t === Slot.MISC || t === Slot.INVALID) continue;
            if (t === Slot.ZERO) { zeroCnt++; continue; }
            throw new Reject(`invalid read from stack off ${off}+${i} size ${size}`);
          }
          const dst = regs[dstRegno]!;
          markUnknown(dst);
          if (spillCnt === size && tnumIsConst(spilled.varOff) && spilled.varOff.value === 0n) {
            markKnown(dst, 0n);
            this.pushJmpHistory();
          } else if (zeroCnt === size) {
            markKnown(dst, 0n);
          }
        }
      } else if (dstRegno >= 0) {
        this.assignScalarIdBeforeMov(spilled);
        Object.assign(regs[dstRegno]!, copyReg(spilled));
        this.pushJmpHistory();
      }
    } else {
      for (let i = 0; i < size; i++) {
        const t = stype[(slotNo - i) % REG_SIZE];
        if (t === Slot.MISC || t === Slot.ZERO || t === Slot.INVALID) continue;
        throw new Reject(`invalid read from stack off ${off}+${i} size ${size}`);
      }
      if (dstRegno >= 0) this.markRegStackRead(frame, off, off + size, dstRegno);
    }
  }

  // --- atomics ----------------------------------------------------------------------------------

  private checkAtomic(insn: Insn, op: string, size: number): void {
    const fetch = (insn.imm & 1) !== 0 || op === 'xchg' || op === 'cmpxchg';
    this.checkRegRead(insn.src);
    this.checkRegRead(insn.dst);
    if (op === 'cmpxchg') this.checkRegRead(0);
    const regs = this.regs();
    if (regs[insn.src]!.type !== 'scalar') throw new Reject(`R${insn.src} leaks addr into mem`);
    const dst = regs[insn.dst]!;
    if (dst.type === 'ctx' || dst.type === 'pkt' || dst.type === 'pkt_meta' || dst.type === 'flow_keys' || dst.type === 'sock' || dst.type === 'sock_common' || dst.type === 'tcp_sock' || dst.type === 'xdp_sock') {
      throw new Reject(`BPF_ATOMIC stores into R${insn.dst} ${regTypeStr(dst)} is not allowed`);
    }
    const loadReg = op === 'cmpxchg' ? 0 : fetch ? insn.src : -1;
    // read then write; the fetched value lands in loadReg
    this.checkMemAccess(insn.dst, insn.off, size, false, loadReg, false, undefined);
    this.checkMemAccess(insn.dst, insn.off, size, true, -1, false, undefined);
    if (loadReg >= 0) this.checkRegWrite(loadReg);
  }

  // --- conditional jumps --------------------------------------------------------------------------

  private checkCondJmp(insn: Insn, idx: number): void {
    const f = formOf(insn);
    if (!f || f.kind !== 'jcc') throw new Reject(`invalid BPF_JMP/JMP32 opcode ${(insn.code & 0xf0).toString(16)}`, 'EINVAL');
    const op = f.op as JmpOpName;
    const isJmp32 = (insn.code & 7) === 0x06;
    this.checkRegRead(insn.dst);
    const regs = this.regs();
    const dst = regs[insn.dst]!;
    let src: Reg;
    if (f.reg) {
      if (insn.imm !== 0) throw new Reject('BPF_JMP/JMP32 uses reserved fields', 'EINVAL');
      this.checkRegRead(insn.src);
      src = regs[insn.src]!;
    } else {
      if (insn.src !== 0) throw new Reject('BPF_JMP/JMP32 uses reserved fields', 'EINVAL');
      src = scalarKnown(BigInt(insn.imm));
    }
    const pred = isBranchTaken(dst, src, op, isJmp32);
    if (pred >= 0) {
      const marks: number[] = [];
      if (dst.type === 'scalar') marks.push(insn.dst);
      if (f.reg && src.type === 'scalar') marks.push(insn.src);
      this.markChainPrecision(marks);
    }
    if (pred === 1) {
      this.printInsnState(this.cur);
      this.insnIdx = idx + insn.off + 1;
      return;
    }
    if (pred === 0) {
      this.printInsnState(this.cur);
      this.insnIdx = idx + 1;
      return;
    }
    if (this.histEntry) {
      // Registers linked by id to a compared scalar need precision together (bt_sync_linked_regs).
      let linked = 0;
      const ids = [f.reg && src.type === 'scalar' ? src.id & ~ADD_CONST : 0, dst.type === 'scalar' ? dst.id & ~ADD_CONST : 0].filter((x) => x);
      if (ids.length) {
        regs.forEach((r, i) => {
          if (r.type === 'scalar' && r.id && ids.includes(r.id & ~ADD_CONST)) linked |= 1 << i;
        });
      }
      if (linked & (linked - 1)) {
        this.histEntry.linked = linked;
        this.pushJmpHistory();
      }
    }
    const other = this.pushStack(idx + insn.off + 1, idx);
    const otherRegs = other.frames[other.curframe]!.regs;
    if (f.reg) {
      this.regSetMinMax(otherRegs[insn.dst]!, otherRegs[insn.src]!, dst, src, op, isJmp32, insn.src === insn.dst);
    } else {
      const fake1 = copyReg(src);
      this.regSetMinMax(otherRegs[insn.dst]!, fake1, dst, src, op, isJmp32, false);
    }
    if (f.reg && src.type === 'scalar' && src.id) {
      this.syncLinkedRegs(this.cur, src);
      this.syncLinkedRegs(other, otherRegs[insn.src]!);
    }
    if (dst.type === 'scalar' && dst.id) {
      this.syncLinkedRegs(this.cur, dst);
      this.syncLinkedRegs(other, otherRegs[insn.dst]!);
    }
    const isPtr = (r: Reg): boolean => r.type !== 'scalar';
    const mayBeNull = (r: Reg): boolean => (r.flags & Flag.MAYBE_NULL) !== 0;
    if (!isJmp32 && f.reg && isPtr(src) && isPtr(dst) && mayBeNull(src) !== mayBeNull(dst) && src.type !== 'ptr_' && dst.type !== 'ptr_') {
      const eq = op === 'jeq' ? otherRegs : op === 'jne' ? regs : undefined;
      if (eq) {
        if (mayBeNull(src)) markPtrNotNullReg(eq[insn.src]!);
        else markPtrNotNullReg(eq[insn.dst]!);
      }
    }
    if (!isJmp32 && !f.reg && insn.imm === 0 && (op === 'jeq' || op === 'jne') && mayBeNull(dst)) {
      this.markPtrOrNullRegs(this.cur, insn.dst, op === 'jne');
      this.markPtrOrNullRegs(other, insn.dst, op === 'jeq');
    } else if (!this.tryMatchPktPointers(insn, op, isJmp32, dst, regs[insn.src]!, this.cur, other) && isPtr(dst) && false) {
      throw new Reject(`R${insn.dst} pointer comparison prohibited`);
    }
    this.printInsnState(this.cur);
    this.insnIdx = idx + 1;
  }

  private regSetMinMax(trueReg1: Reg, trueReg2: Reg, falseReg1: Reg, falseReg2: Reg, op: JmpOpName, isJmp32: boolean, same: boolean): void {
    if (falseReg1.type !== 'scalar' || falseReg2.type !== 'scalar') return;
    if (same) return;
    regsRefineCondOp(falseReg1, falseReg2, revOpcode(op), isJmp32);
    regBoundsSync(falseReg1);
    regBoundsSync(falseReg2);
    regsRefineCondOp(trueReg1, trueReg2, op, isJmp32);
    regBoundsSync(trueReg1);
    regBoundsSync(trueReg2);
  }

  /** `sync_linked_regs`: scalars sharing an id (or id+delta) learn the compared register's bounds. */
  private syncLinkedRegs(state: VerifierState, known: Reg): void {
    const id = known.id & ~ADD_CONST;
    const snapshot = copyReg(known);
    for (const f of state.frames) {
      const visit = (r: Reg, scratch: () => void): void => {
        if (r === known || r.type !== 'scalar') return;
        if ((r.id & ~ADD_CONST) !== id) return;
        if (((r.id ^ snapshot.id) & ADD_CONST) === ADD_CONST) return;
        if ((!(r.id & ADD_CONST) && !(snapshot.id & ADD_CONST)) || r.off === snapshot.off) {
          Object.assign(r, copyReg(snapshot));
        } else {
          const savedOff = r.off;
          const savedId = r.id;
          const fake = scalarKnown(BigInt(savedOff - snapshot.off));
          Object.assign(r, copyReg(snapshot));
          r.off = savedOff;
          r.id = savedId;
          addConstBounds(r, fake);
          if ((r.id | snapshot.id) & ADD_CONST32) zext32To64(r);
          regBoundsSync(r);
        }
        void scratch;
      };
      f.regs.forEach((r, i) => visit(r, () => this.scratchReg(i)));
      f.stack.forEach((slot, i) => {
        if (isSpilledReg(slot)) visit(slot.spilled, () => this.scratchStack(i));
      });
    }
  }

  private markPtrOrNullRegs(state: VerifierState, regno: number, isNull: boolean): void {
    const regs = state.frames[state.curframe]!.regs;
    const id = regs[regno]!.id;
    const refObjId = regs[regno]!.refObjId;
    if (refObjId && refObjId === id && isNull) {
      state.refs = state.refs.filter((r) => r.id !== id);
    }
    forEachReg(state, (r) => {
      if (!(r.flags & Flag.MAYBE_NULL) || r.id !== id) return;
      if (isNull) {
        r.type = 'scalar';
        r.flags = 0;
        r.id = 0;
        r.refObjId = 0;
        r.map = undefined;
        r.memSize = 0;
        r.off = 0;
        r.range = 0;
        return;
      }
      markPtrNotNullReg(r);
      // reg_may_point_to_spin_lock: the id names the lock's value for bpf_spin_unlock.
      if (!(r.type === 'map_value' && r.map?.spinLockOffset !== undefined)) r.id = 0;
    });
  }

  private tryMatchPktPointers(insn: Insn, op: JmpOpName, isJmp32: boolean, dst: Reg, src: Reg, thisBranch: VerifierState, otherBranch: VerifierState): boolean {
    if (!(insn.code & 8) || isJmp32) return false;
    const isInitPkt = (r: Reg): boolean => r.type === 'pkt' && r.id === 0 && r.off === 0 && tnumIsConst(r.varOff) && r.varOff.value === 0n;
    const dstFirst = (dst.type === 'pkt' && src.type === 'pkt_end') || (dst.type === 'pkt_meta' && isInitPkt(src));
    const srcFirst = (dst.type === 'pkt_end' && src.type === 'pkt') || (isInitPkt(dst) && src.type === 'pkt_meta');
    const d = insn.dst;
    const s = insn.src;
    switch (op) {
      case 'jgt':
        if (dstFirst) { this.findGoodPktPointers(thisBranch, dst, false); this.markPktEnd(otherBranch, d, true); }
        else if (srcFirst) { this.findGoodPktPointers(otherBranch, src, true); this.markPktEnd(thisBranch, s, false); }
        else return false;
        return true;
      case 'jlt':
        if (dstFirst) { this.findGoodPktPointers(otherBranch, dst, true); this.markPktEnd(thisBranch, d, false); }
        else if (srcFirst) { this.findGoodPktPointers(thisBranch, src, false); this.markPktEnd(otherBranch, s, true); }
        else return false;
        return true;
      case 'jge':
        if (dstFirst) { this.findGoodPktPointers(thisBranch, dst, true); this.markPktEnd(otherBranch, d, false); }
        else if (srcFirst) { this.findGoodPktPointers(otherBranch, src, false); this.markPktEnd(thisBranch, s, true); }
        else return false;
        return true;
      case 'jle':
        if (dstFirst) { this.findGoodPktPointers(otherBranch, dst, false); this.markPktEnd(thisBranch, d, true); }
        else if (srcFirst) { this.findGoodPktPointers(thisBranch, src, true); this.markPktEnd(otherBranch, s, false); }
        else return false;
        return true;
      default:
        return false;
    }
  }

  private findGoodPktPointers(state: VerifierState, dst: Reg, rangeRightOpen: boolean): void {
    if (dst.off < 0 || (dst.off === 0 && rangeRightOpen)) return;
    if (dst.umax > BigInt(MAX_PACKET_OFF) || dst.umax + BigInt(dst.off) > BigInt(MAX_PACKET_OFF)) return;
    let newRange = dst.off;
    if (rangeRightOpen) newRange++;
    const type = dst.type;
    const id = dst.id;
    forEachReg(state, (r) => {
      if (r.type === type && r.id === id) r.range = Math.max(r.range, newRange);
    });
  }

  private markPktEnd(state: VerifierState, regno: number, rangeOpen: boolean): void {
    const r = state.frames[state.curframe]!.regs[regno]!;
    if (r.type !== 'pkt') return;
    r.range = rangeOpen ? BEYOND_PKT_END : AT_PKT_END;
  }

  // --- calls --------------------------------------------------------------------------------------

  private checkFuncCall(insn: Insn, idx: number): void {
    const state = this.cur;
    if (state.curframe + 1 >= MAX_CALL_FRAMES) {
      throw new Reject(`the call stack of ${state.curframe + 2} frames is too deep`, 'E2BIG');
    }
    const target = idx + insn.imm + 1;
    const global = this.globals.get(target);
    if (global) {
      if (this.holdsLock()) {
        throw new Reject(['global function calls are not allowed while holding a lock,', 'use static function instead'], 'EINVAL');
      }
      this.checkGlobalCall(global);
      this.insnIdx = idx + 1;
      return;
    }
    const caller = curFrame(state);
    const callee = newFrame(state.curframe + 1, idx, target);
    for (let i = 1; i <= 5; i++) callee.regs[i] = copyReg(caller.regs[i]!);
    state.frames.push(callee);
    state.curframe++;
    for (const r of CALLER_SAVED) {
      caller.regs[r] = notInit();
      this.scratchReg(r);
    }
    if (this.log.enabled) {
      this.verbose('caller:\n');
      this.printFullState(state, caller.frameno);
      this.verbose('callee:\n');
      this.printFullState(state, state.curframe);
    }
    this.markAllScratched();
    this.insnIdx = target;
  }

  /**
   * A call to a global function (`__check_func_call`): the arguments must match its BTF
   * prototype (`btf_check_func_arg_match`); the function itself is verified separately, so the
   * caller goes on with R1-R5 clobbered and an unknown scalar in R0.
   */
  private checkGlobalCall(fn: GlobalFunc & { subprogNo: number }): void {
    const regs = this.regs();
    const fail = (lines: string[]): never => {
      throw new Reject([...lines, `Caller passes invalid args into func#${fn.subprogNo} ('${fn.name}')`], 'EINVAL');
    };
    fn.args.forEach((arg, i) => {
      const regno = i + 1;
      const reg = regs[regno]!;
      if (arg.kind === 'scalar') {
        if (reg.type !== 'scalar') fail([`R${regno} is not a scalar`]);
        return;
      }
      try {
        if (arg.kind === 'ctx') {
          if (reg.type === 'ctx') this.checkPtrOffReg(reg, regno, false);
          if (reg.type !== 'ctx') fail([`arg#${i} expects pointer to ctx`]);
          return;
        }
        // check_func_arg_reg_off, then check_mem_reg: NULL passes; otherwise the memory must be
        // readable and writable for the prototype's size (a maybe-NULL pointer checked as non-NULL).
        if (!['fp', 'pkt', 'pkt_meta', 'map_key', 'map_value', 'mem', 'buf', 'scalar'].includes(reg.type)) {
          this.checkPtrOffReg(reg, regno, false);
        }
        if (reg.type === 'scalar' && tnumIsConst(reg.varOff) && reg.varOff.value === 0n) return;
        const saved = copyReg(reg);
        reg.flags &= ~Flag.MAYBE_NULL;
        try {
          this.checkHelperMemAccess(regno, arg.size, false, true, undefined);
          this.checkHelperMemAccess(regno, arg.size, true, true, undefined);
        } finally {
          Object.assign(reg, saved);
        }
      } catch (e) {
        if (e instanceof Reject && !e.lines.some((l) => l.startsWith('Caller passes'))) fail(e.lines);
        throw e;
      }
    });
    this.verbose(`Func#${fn.subprogNo} ('${fn.name}') is global and assumed valid.\n`);
    if (this.globalChangesPktData(fn.slot)) this.clearAllPktPointers();
    this.calledGlobals.add(fn.slot);
    for (const r of CALLER_SAVED) {
      regs[r] = notInit();
      this.scratchReg(r);
    }
    regs[0]!.type = 'scalar';
    markUnknown(regs[0]!);
  }

  /**
   * `subprog_info[].changes_pkt_data`: the function, or one it calls, calls a helper that may move
   * packet data (tail calls counted too, to stay on the safe side).
   */
  private globalChangesPktData(start: number): boolean {
    const seen = new Set<number>();
    const todo = [start];
    while (todo.length) {
      const sub = todo.pop()!;
      if (seen.has(sub)) continue;
      seen.add(sub);
      const end = this.subprogStarts.find((x) => x > sub) ?? this.p.count;
      for (let i = sub; i < end; i++) {
        const insn = this.p.code[i]!;
        if (insn.code !== CALL) continue;
        if (insn.src === 1) todo.push(i + insn.imm + 1);
        else if (insn.src === 0 && (insn.imm === 12 || HELPER_PROTOS.get(insn.imm)?.changesPktData)) return true;
      }
    }
    return false;
  }

  private processExit(): 'exit' | 'return' {
    const state = this.cur;
    this.checkResourceLeak(!state.curframe, 'BPF_EXIT instruction in main prog');
    if (state.curframe) {
      const callee = curFrame(state);
      const r0 = callee.regs[0]!;
      if (r0.type === 'fp') throw new Reject('cannot return stack pointer to the caller', 'EINVAL');
      const caller = state.frames[state.curframe - 1]!;
      if (callee.inCallback) {
        // The helper calls the callback again: back to the calling instruction, R0 stays the caller's.
        this.checkCallbackReturn(r0);
        this.insnIdx = callee.callsite;
      } else {
        caller.regs[0] = copyReg(r0);
        this.insnIdx = callee.callsite + 1;
      }
      if (this.log.enabled) {
        this.verbose('returning from callee:\n');
        this.printFullState(state, callee.frameno);
        this.verbose(`to caller at ${this.insnIdx}:\n`);
        this.printFullState(state, caller.frameno);
      }
      this.scratch = { regs: 0, stack: 0n };
      state.frames.pop();
      state.curframe--;
      if (callee.inCallback) {
        const prev = this.findPrevEntry(this.insnIdx);
        if (prev) widenImpreciseScalars(prev.state, state, markUnknown);
      }
      return 'return';
    }
    // struct_ops: a member returning void leaves R0 unchecked (check_return_code).
    if (this.type.r0Void && !this.verifyingGlobal) return 'exit';
    this.checkRegRead(0);
    if (this.verifyingGlobal) {
      const r0 = this.regs()[0]!;
      if (r0.type !== 'scalar') throw new Reject(`At subprogram exit the register R0 is not a scalar value (${regTypeStr(r0)})`, 'EINVAL');
      return 'exit';
    }
    const range = this.type.retRange;
    if (range) {
      const r0 = this.regs()[0]!;
      if (r0.type !== 'scalar') throw new Reject(`At program exit the register R0 is not a known value (${regTypeStr(r0)})`, 'EINVAL');
      this.markChainPrecision([0]);
      if (!(BigInt(range[0]) <= r0.smin && r0.smax <= BigInt(range[1]))) {
        let msg = 'At program exit the register R0 has';
        if (r0.smin > S64_MIN) msg += ` smin=${r0.smin}`;
        if (r0.smax < S64_MAX) msg += ` smax=${r0.smax}`;
        throw new Reject(`${msg} should have been in [${range[0]}, ${range[1]}]`, 'EINVAL');
      }
    }
    return 'exit';
  }

  private checkHelperCall(insn: Insn, idx: number): void {
    const id = insn.imm;
    const name = helperName(id);
    if (name === undefined || id <= 0) throw new Reject(`invalid func unknown#${id}`, 'EINVAL');
    const proto = id === 107 && this.type.ctxIsSocket ? CG_SOCK_SK_STORAGE_GET : this.type.helperProtos?.get(id) ?? HELPER_PROTOS.get(id);
    if (!this.type.helpers.has(id)) throw new Reject(`program of this type cannot use helper ${name}#${id}`, 'EINVAL');
    if (!proto) throw new Reject(`helper ${name}#${id} is not supported by tsbpf's verifier`, 'EINVAL');
    if (proto.gplOnly && !this.gpl) throw new Reject('cannot call GPL-restricted function from non-GPL compatible program', 'EINVAL');
    if (SYNC_CALLBACK_HELPERS.has(id) && id !== HELPER_LOOP) throw new Reject(`helper ${name}#${id} with a callback is not supported by tsbpf's verifier`, 'EINVAL');
    const meta: CallMeta = {};
    for (let i = 0; i < 5; i++) this.checkFuncArg(i, proto, meta);
    if (id === HELPER_LOOP) this.loopCallback(idx);
    if (meta.rawRegno !== undefined && meta.accessSize !== undefined) {
      for (let i = 0; i < meta.accessSize; i++) {
        this.checkMemAccess(meta.rawRegno, i, 1, true, -1, false, undefined);
      }
    }
    if (id === 12) {
      if (meta.map && meta.map.type !== 3) throw new Reject('expected prog array map for tail call', 'EINVAL');
      // record_func_key: a constant tail-call index is relied upon (the call may be patched).
      const key = this.regs()[3]!;
      if (key.type === 'scalar' && tnumIsConst(key.varOff) && meta.map && key.varOff.value < BigInt(meta.map.maxEntries)) {
        this.markChainPrecision([3]);
      }
    }
    if (meta.releaseRegno !== undefined) {
      const refId = meta.refObjId!;
      this.releaseReference(refId);
    }
    const regs = this.regs();
    for (const r of CALLER_SAVED) {
      regs[r] = notInit();
      this.scratchReg(r);
    }
    const r0 = regs[0]!;
    switch (proto.ret) {
      case 'integer':
        markUnknown(r0);
        break;
      case 'void':
        break;
      case 'map_value_or_null':
      case 'map_value': {
        markUnknown(r0);
        markKnown(r0, 0n);
        r0.type = 'map_value';
        r0.map = meta.map;
        let nullable = proto.ret === 'map_value_or_null';
        const m = meta.map!;
        if (id === 1 && (m.type === 2 || m.type === 6) && meta.constMapKey !== undefined && meta.constMapKey >= 0n && meta.constMapKey < BigInt(m.maxEntries)) nullable = false;
        if (m.type === 12 || m.type === 13) {
          if (!nullable && m.inner) { r0.type = 'map_ptr'; r0.map = { ...m.inner, name: '' }; }
        }
        if (nullable) r0.flags = Flag.MAYBE_NULL;
        // A non-NULL value holding a lock gets an id: the lock state remembers which value it is.
        else if (m.spinLockOffset !== undefined && r0.type === 'map_value') r0.id = ++this.idGen;
        break;
      }
      case 'task_btf':
        markUnknown(r0);
        markKnown(r0, 0n);
        r0.type = 'ptr_';
        r0.flags = Flag.TRUSTED;
        r0.btf = this.type.kernelTypes?.structRef('task_struct');
        break;
      case 'ringbuf_mem_or_null':
        markUnknown(r0);
        markKnown(r0, 0n);
        r0.type = 'mem';
        r0.flags = Flag.RINGBUF | Flag.MAYBE_NULL;
        r0.memSize = meta.memSize ?? 0;
        break;
      default:
        throw new Reject(`helper ${name}#${id} is not supported by tsbpf's verifier`, 'EINVAL');
    }
    if (r0.flags & Flag.MAYBE_NULL) r0.id = ++this.idGen;
    if (proto.ret === 'ringbuf_mem_or_null') {
      const refId = ++this.idGen;
      this.cur.refs.push({ id: refId, insnIdx: idx });
      r0.id = refId;
      r0.refObjId = refId;
    }
    if (proto.ret === 'integer') this.refineRetval(id, r0, meta);
    const allowed = HELPER_MAP_TYPES.get(id);
    const mapAllows = meta.map ? MAP_TYPE_HELPERS.get(meta.map.type) : undefined;
    if (meta.map && ((allowed && !allowed.includes(meta.map.type)) || (mapAllows && !mapAllows.includes(id)))) {
      throw new Reject(`cannot pass map_type ${meta.map.type} into func ${name}#${id}`, 'EINVAL');
    }
    if (proto.changesPktData) this.clearAllPktPointers();
  }

  private refineRetval(id: number, r0: Reg, meta: CallMeta): void {
    if (id === 67 || id === 141 || id === 45 || id === 115 || id === 114) {
      r0.smax = meta.msizeMaxValue ?? S64_MAX;
      r0.s32max = s32(meta.msizeMaxValue ?? 0n);
      r0.smin = -4095n;
      r0.s32min = -4095n;
      regBoundsSync(r0);
    } else if (id === 8) {
      r0.umax = r0.u32max = r0.smax = r0.s32max = NR_CPUS - 1n;
      r0.umin = r0.u32min = r0.smin = r0.s32min = 0n;
      regBoundsSync(r0);
    }
  }

  private releaseReference(refId: number): void {
    const idx = this.cur.refs.findIndex((r) => r.id === refId);
    if (idx < 0) throw new Reject(`release kernel reference id=${refId} not found`, 'EINVAL');
    this.cur.refs.splice(idx, 1);
    forEachReg(this.cur, (r) => {
      if (r.refObjId === refId) Object.assign(r, notInit(), { type: 'scalar' }), markUnknown(r);
    });
  }

  // --- kernel functions (check_kfunc_call, check_kfunc_args) ------------------------------------

  private checkKfuncCall(insn: Insn, idx: number): void {
    const k = this.kernel;
    if (!k || insn.off !== 0) throw new Reject('calling kernel functions needs the kernel\'s BTF, not given to tsbpf\'s verifier', 'EINVAL');
    const f = kfuncAt(k, insn.imm, this.progType);
    if ('error' in f) throw new Reject(f.error, f.errno);
    if ('unsupported' in f) throw new Reject(f.unsupported, 'EINVAL');
    const release = (f.flags & KF.RELEASE) !== 0;
    let refObjId = 0;
    for (let i = 0; i < f.args.length; i++) {
      const arg = f.args[i]!;
      const regno = i + 1;
      const reg = this.checkRegRead(regno);
      const t = regTypeStr(reg);
      if (arg.kind === 'scalar') {
        if (reg.type !== 'scalar') throw new Reject(`R${regno} is not a scalar`, 'EINVAL');
        continue;
      }
      const isNull = reg.type === 'scalar' && tnumIsConst(reg.varOff) && reg.varOff.value === 0n;
      const nullable = arg.kind !== 'ctx' && arg.nullable;
      if ((isNull || (reg.flags & Flag.MAYBE_NULL)) && !nullable) throw new Reject(`Possibly NULL pointer passed to trusted arg${i}`);
      if (reg.refObjId) {
        if (release && refObjId) throw new Reject(`more than one arg with ref_obj_id R${regno} ${reg.refObjId} ${refObjId}`, 'EFAULT');
        refObjId = reg.refObjId;
      }
      if (arg.kind === 'ctx') {
        if (reg.type !== 'ctx') throw new Reject(`arg#${i} expected pointer to ctx, but got ${t}`, 'EINVAL');
        this.checkPtrOffReg(reg, regno, false);
      } else if (arg.kind === 'btf_id') {
        if (isNull) continue;
        if (reg.type !== 'ptr_' || !reg.btf) throw new Reject(`arg#${i} is ${t} expected ptr_ or socket`, 'EINVAL');
        // Arguments must be trusted: from the context, or a reference the program holds.
        if (!(reg.flags & Flag.TRUSTED) && !reg.refObjId) throw new Reject(`R${regno} must be referenced or trusted`, 'EINVAL');
        if (release && (reg.off !== 0 || !tnumIsConst(reg.varOff) || reg.varOff.value !== 0n)) {
          throw new Reject(`R${regno} must have zero offset when passed to release func or trusted arg to kfunc`, 'EINVAL');
        }
        if (!btfStructIdsMatch(k, reg.btf, reg.off, arg.btf)) {
          throw new Reject(`kernel function ${f.name} args#${i} expected pointer to STRUCT ${arg.btf.name} but R${regno} has a pointer to STRUCT ${reg.btf.name}`, 'EINVAL');
        }
      } else {
        // KF_ARG_PTR_TO_MEM_SIZE: memory readable and writable for the length in the next register.
        const sizeReg = this.checkRegRead(regno + 1);
        i++;
        if (isNull) continue;
        if (sizeReg.type !== 'scalar') throw new Reject(`R${regno + 1} is not a scalar`, 'EINVAL');
        const saved = copyReg(reg);
        reg.flags &= ~Flag.MAYBE_NULL;
        try {
          this.checkMemSizeReg(sizeReg, regno + 1, false, true, {}, false);
          this.checkMemSizeReg(sizeReg, regno + 1, true, true, {}, false);
        } catch (e) {
          if (e instanceof Reject) throw new Reject([...e.lines, `arg#${i - 1} arg#${i} memory, len pair leads to invalid memory access`], e.errno);
          throw e;
        } finally {
          Object.assign(reg, saved);
        }
      }
    }
    if (release) {
      if (!refObjId) throw new Reject(`release kernel function ${f.name} expects refcounted PTR_TO_BTF_ID`, 'EINVAL');
      this.releaseReference(refObjId);
    }
    const regs = this.regs();
    for (const r of CALLER_SAVED) {
      regs[r] = notInit();
      this.scratchReg(r);
    }
    const r0 = regs[0]!;
    if (f.ret.kind === 'scalar') markUnknown(r0);
    else if (f.ret.kind === 'btf_id') {
      markUnknown(r0);
      markKnown(r0, 0n);
      r0.type = 'ptr_';
      r0.btf = f.ret.btf;
      if (f.flags & KF.RET_NULL) {
        r0.flags = Flag.MAYBE_NULL;
        r0.id = ++this.idGen;
      }
      if (f.flags & KF.ACQUIRE) {
        const id = ++this.idGen;
        this.cur.refs.push({ id, insnIdx: idx });
        if (f.flags & KF.RET_NULL) r0.id = id;
        r0.refObjId = id;
      }
    }
  }

  // --- callbacks (push_callback_call, set_loop_callback_state) ---------------------------------

  /** The instruction is a helper call that calls a callback synchronously (`calls_callback`). */
  private callsCallback(idx: number): boolean {
    const insn = this.p.code[idx];
    return insn !== undefined && insn.code === CALL && insn.src === 0 && SYNC_CALLBACK_HELPERS.has(insn.imm);
  }

  /**
   * `bpf_loop(nr_loops, callback_fn, callback_ctx, flags)`: while fewer iterations were explored
   * than R1 may ask for, a state entering the callback (R1 = index, R2 = ctx) is queued, and this
   * path goes on as if the loop had finished. The callback returns to the call, which is checked
   * again until its state repeats.
   */
  private loopCallback(idx: number): void {
    const regs = this.regs();
    // update_loop_inline_state: a zero flags argument lets the kernel inline the loop (relied upon).
    const inline = this.loopInline.get(idx);
    const subprog = regs[2]!.subprog;
    const flagsZero = regs[4]!.type === 'scalar' && tnumIsConst(regs[4]!.varOff) && regs[4]!.varOff.value === 0n;
    if (!inline || inline.fit) {
      if (flagsZero) this.markChainPrecision([4]);
      this.loopInline.set(idx, { fit: flagsZero && (!inline || inline.subprog === subprog), subprog });
    }
    this.markChainPrecision([1]);
    const caller = curFrame(this.cur);
    if (BigInt(caller.callbackDepth) >= regs[1]!.umax) {
      caller.callbackDepth = 0;
      if (this.log.level >= 2) this.verbose(`frame${this.cur.curframe} bpf_loop iteration limit reached\n`);
      return;
    }
    if (this.cur.curframe + 1 >= MAX_CALL_FRAMES) {
      throw new Reject(`the call stack of ${this.cur.curframe + 2} frames is too deep`, 'E2BIG');
    }
    const state = this.pushStack(subprog, idx);
    const callee = newFrame(state.curframe + 1, idx, subprog);
    callee.regs[1]!.type = 'scalar';
    markUnknown(callee.regs[1]!);
    callee.regs[2] = copyReg(regs[3]!);
    callee.inCallback = true;
    state.frames[state.curframe]!.callbackDepth++;
    state.frames.push(callee);
    state.curframe++;
    state.callbackUnrollDepth = (state.callbackUnrollDepth ?? 0) + 1;
    caller.callbackDepth = 0;
  }
  private readonly loopInline = new Map<number, { fit: boolean; subprog: number }>();

  /** `prepare_func_exit` for a callback: R0 must be a scalar in the helper's range ([0, 1]). */
  private checkCallbackReturn(r0: Reg): void {
    if (r0.type !== 'scalar') throw new Reject('R0 not a scalar value');
    this.markChainPrecision([0]);
    if (!(0n <= r0.smin && r0.smax <= 1n)) {
      let msg = 'At callback return the register R0 has';
      if (r0.smin > S64_MIN) msg += ` smin=${r0.smin}`;
      if (r0.smax < S64_MAX) msg += ` smax=${r0.smax}`;
      if (r0.smin === S64_MIN && r0.smax === S64_MAX) msg += ' unknown scalar value';
      throw new Reject(`${msg} should have been in [0, 1]`, 'EINVAL');
    }
  }

  /** `find_prev_entry`: the checkpoint of this path at `idx` (the previous visit of a loop). */
  private findPrevEntry(idx: number): Explored | undefined {
    const list = this.explored.get(this.exploredKey(idx)) ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const sl = list[i]!;
      if (sl.branches > 0 && sl.state.curframe === this.cur.curframe
        && sl.state.frames.every((f, fr) => f.callsite === this.cur.frames[fr]!.callsite)) return sl;
    }
    return undefined;
  }

  // --- bpf_spin_lock (process_spin_lock, check_resource_leak) ---------------------------------

  private holdsLock(): boolean {
    return this.cur.refs.some((r) => r.lock);
  }

  /** `check_resource_leak`: leaving the program (or a point that may) with a lock or reference held. */
  private checkResourceLeak(checkLock: boolean, prefix: string): void {
    if (checkLock && this.holdsLock()) throw new Reject(`${prefix} cannot be used inside bpf_spin_lock-ed region`, 'EINVAL');
    if (this.cur.curframe) return;
    const leaked = this.cur.refs.filter((r) => !r.lock);
    if (leaked.length) {
      throw new Reject([...leaked.map((r) => `Unreleased reference id=${r.id} alloc_insn=${r.insnIdx}`), `${prefix} would lead to reference leak`], 'EINVAL');
    }
  }

  /** `process_spin_lock`: the argument is exactly the value's lock; lock and unlock pair up. */
  private processSpinLock(reg: Reg, regno: number, isLock: boolean): void {
    if (!tnumIsConst(reg.varOff)) {
      throw new Reject(`R${regno} doesn't have constant offset. bpf_spin_lock has to be at the constant offset`, 'EINVAL');
    }
    const map = reg.map!;
    if (!map.hasBtf) throw new Reject(`map '${map.name}' has to have BTF in order to use bpf_spin_lock`, 'EINVAL');
    if (map.spinLockOffset === undefined) throw new Reject(`map '${map.name}' has no valid bpf_spin_lock`, 'EINVAL');
    const off = reg.varOff.value + BigInt(reg.off);
    if (off !== BigInt(map.spinLockOffset)) {
      throw new Reject(`off ${s64(off)} doesn't point to 'struct bpf_spin_lock' that is at ${map.spinLockOffset}`, 'EINVAL');
    }
    const refs = this.cur.refs;
    if (isLock) {
      if (this.holdsLock()) throw new Reject('Locking two bpf_spin_locks are not allowed', 'EINVAL');
      refs.push({ id: reg.id, insnIdx: this.insnIdx, lock: map });
      return;
    }
    if (!this.holdsLock()) throw new Reject('bpf_spin_unlock without taking a lock', 'EINVAL');
    const held = refs.findIndex((r) => r.lock === map && r.id === reg.id);
    if (held < 0) throw new Reject('bpf_spin_unlock of different lock', 'EINVAL');
    refs.splice(held, 1);
  }

  private clearAllPktPointers(): void {
    forEachReg(this.cur, (r) => {
      if (r.type === 'pkt' || r.type === 'pkt_meta' || r.type === 'pkt_end') {
        markUnknown(r);
      }
    });
  }

  private checkFuncArg(arg: number, proto: HelperProto, meta: CallMeta): void {
    const kind = proto.args[arg];
    if (kind === undefined) return;
    const regno = arg + 1;
    const reg = this.checkRegRead(regno);
    const t = regTypeStr(reg);
    if (kind === 'anything') return;
    if ((reg.type === 'pkt' || reg.type === 'pkt_meta') && !this.type.pktAccess) {
      throw new Reject('helper access to the packet is not allowed');
    }
    const isNull = reg.type === 'scalar' && tnumIsConst(reg.varOff) && reg.varOff.value === 0n;
    const nullable = kind === 'mem_ro_or_null' || kind === 'map_value_or_null' || kind === 'ctx_or_null' || kind === 'stack_or_null';
    // No closures: helper calls are frequent and each closure costs an allocation (and a tsx __name call).
    const expect = expectArgType;
    if (!(isNull && nullable)) {
      switch (kind) {
        case 'const_map_ptr': expect(regno, t, ['map_ptr'], reg.type === 'map_ptr'); break;
        case 'ctx': case 'ctx_or_null': expect(regno, t, ['ctx'], reg.type === 'ctx'); break;
        case 'size': case 'size_or_zero': case 'alloc_size_or_zero': expect(regno, t, ['scalar'], reg.type === 'scalar'); break;
        case 'map_key': case 'map_value': case 'map_value_or_null': case 'mem_ro': case 'mem_ro_or_null': case 'mem_rw': case 'mem_uninit':
          expect(regno, t, MEM_ARG_TYPES, isMemArg(reg, kind, nullable));
          break;
        case 'ringbuf_mem_release': expect(regno, t, ['ringbuf_mem'], reg.type === 'mem' && reg.flags === Flag.RINGBUF); break;
        case 'func': expect(regno, t, ['func'], reg.type === 'func'); break;
        case 'stack_or_null': expect(regno, t, ['fp'], reg.type === 'fp'); break;
        case 'spin_lock': expect(regno, t, ['map_value', 'ptr_'], reg.type === 'map_value' && reg.flags === 0); break;
        case 'sock_common': // btf_id_sock_common_types
          expect(regno, t, ['sock_common', 'sock', 'tcp_sock', 'xdp_sock', 'ptr_', 'trusted_ptr_'],
            (reg.flags === 0 && (reg.type === 'sock_common' || reg.type === 'sock' || reg.type === 'tcp_sock' || reg.type === 'xdp_sock'))
            || (reg.type === 'ptr_' && (reg.flags === 0 || reg.flags === Flag.TRUSTED)));
          if (reg.type === 'ptr_') this.checkBtfIdArg(regno, reg, 'sock_common');
          break;
        case 'btf_id': // btf_ptr_types
          expect(regno, t, ['ptr_', 'trusted_ptr_', 'rcu_ptr_'], reg.type === 'ptr_' && (reg.flags === 0 || reg.flags === Flag.TRUSTED || reg.flags === Flag.RCU));
          this.checkBtfIdArg(regno, reg, proto.btfIds?.[arg] ?? '');
          break;
        default: throw new Reject(`R${regno} argument kind ${kind} is not supported by tsbpf's verifier`, 'EINVAL');
      }
      // check_func_arg_reg_off (a BTF pointer may keep a fixed offset: the struct match above used it)
      if (!['fp', 'pkt', 'pkt_meta', 'map_key', 'map_value', 'mem', 'buf', 'scalar'].includes(reg.type)) {
        this.checkPtrOffReg(reg, regno, reg.type === 'ptr_');
      }
    }
    if (kind === 'spin_lock') this.processSpinLock(reg, regno, proto === HELPER_PROTOS.get(HELPER_SPIN_LOCK));
    if (kind === 'ringbuf_mem_release') {
      if (reg.off !== 0 || !tnumIsConst(reg.varOff) || reg.varOff.value !== 0n) {
        throw new Reject(`R${regno} must have zero offset when passed to release func`);
      }
      if (!reg.refObjId) throw new Reject(`R${regno} must be referenced when passed to release function`);
      meta.releaseRegno = regno;
    }
    if (reg.refObjId) {
      if (meta.refObjId) throw new Reject(`more than one arg with ref_obj_id R${regno} ${reg.refObjId} ${meta.refObjId}`);
      meta.refObjId = reg.refObjId;
    }
    switch (kind) {
      case 'const_map_ptr':
        meta.map = reg.map;
        break;
      case 'map_key': {
        if (!meta.map) throw new Reject('invalid map_ptr to access map->key');
        this.checkHelperMemAccess(regno, meta.map.keySize, false, false, undefined);
        if (meta.map.type === 2 || meta.map.type === 6) {
          const k = this.constantMapKey(reg, meta.map.keySize);
          if (k !== undefined) meta.constMapKey = k;
        }
        break;
      }
      case 'map_value':
      case 'map_value_or_null':
        if (isNull && nullable) return;
        if (!meta.map) throw new Reject('invalid map_ptr to access map->value');
        this.checkHelperMemAccess(regno, meta.map.valueSize, false, false, undefined);
        break;
      case 'mem_uninit':
        meta.rawRegno = undefined;
        (meta as { raw?: boolean }).raw = true;
        break;
      case 'size':
      case 'size_or_zero': {
        const prev = proto.args[arg - 1];
        const write = prev === 'mem_uninit' || prev === 'mem_rw';
        this.checkMemSizeReg(reg, regno, write, kind === 'size_or_zero', meta, prev === 'mem_uninit');
        break;
      }
      case 'alloc_size_or_zero':
        if (!tnumIsConst(reg.varOff)) throw new Reject(`R${regno} is not a known constant'`);
        meta.memSize = Number(reg.varOff.value);
        this.markChainPrecision([regno]);
        break;
      default:
        break;
    }
  }

  /** ARG_PTR_TO_BTF_ID: the struct expected is found at the pointer's offset (`btf_struct_ids_match`). */
  private checkBtfIdArg(regno: number, reg: Reg, need: string): void {
    const k = this.type.kernelTypes;
    const want = k?.structRef(need);
    if (!k || !reg.btf || !want) throw new Reject(`R${regno} BTF pointer arguments need the kernel's BTF (not supported by tsbpf's verifier)`, 'EINVAL');
    if (!btfStructIdsMatch(k, reg.btf, reg.off, want)) throw new Reject(`R${regno} is of type ${reg.btf.name} but ${want.name} is expected`);
  }

  private constantMapKey(key: Reg, keySize: number): bigint | undefined {
    if (key.type !== 'fp' || !tnumIsConst(key.varOff)) return undefined;
    const stackOff = key.off + Number(s64(key.varOff.value));
    const slotNo = -stackOff - 1;
    const spi = Math.floor(slotNo / REG_SIZE);
    const off = slotNo % REG_SIZE;
    const slot = this.frameOf(key).stack[spi];
    if (!slot) return undefined;
    let zeroSize = 0;
    for (let i = off; i >= 0 && slot.slotType[i] === Slot.ZERO; i--) zeroSize++;
    if (zeroSize >= keySize) return 0n;
    if (!isSpilledScalarReg(slot)) return undefined;
    let spillSize = 0;
    for (let i = off; i >= 0 && slot.slotType[i] === Slot.SPILL; i--) spillSize++;
    if (spillSize !== keySize) return undefined;
    if (!tnumIsConst(slot.spilled.varOff)) return undefined;
    if (key.frameno === this.cur.curframe) this.markChainPrecision([], [spi]);
    else this.markAllPrecise();
    return slot.spilled.varOff.value;
  }

  private checkMemSizeReg(reg: Reg, regno: number, write: boolean, zeroSizeAllowed: boolean, meta: CallMeta, raw: boolean): void {
    meta.msizeMaxValue = reg.umax;
    const constSize = tnumIsConst(reg.varOff);
    if (reg.smin < 0n) throw new Reject(`R${regno} min value is negative, either use unsigned or 'var &= const'`);
    if (reg.umin === 0n && !zeroSizeAllowed) {
      throw new Reject(`R${regno} invalid zero-sized read: u64=[${reg.umin},${reg.umax}]`);
    }
    if (reg.umax >= BigInt(MAX_VAR_SIZ)) {
      throw new Reject(`R${regno} unbounded memory access, use 'var &= const' or 'if (var < const)'`);
    }
    this.checkHelperMemAccess(regno - 1, Number(reg.umax), write, zeroSizeAllowed, raw && constSize ? meta : undefined);
    this.markChainPrecision([regno]);
  }

  private checkHelperMemAccess(regno: number, size: number, write: boolean, zeroSizeAllowed: boolean, rawMeta: CallMeta | undefined): void {
    const reg = this.regs()[regno]!;
    switch (reg.type) {
      case 'pkt': case 'pkt_meta':
        this.checkPacketAccess(regno, reg, reg.off, size, zeroSizeAllowed);
        return;
      case 'map_key':
        if (write) throw new Reject(`R${regno} cannot write into ${regTypeStr(reg)}`);
        this.checkMemRegionAccess(regno, reg, reg.off, size, reg.map!.keySize, false);
        return;
      case 'map_value':
        if (write && reg.map && (reg.map.flags & (1 << 7))) throw new Reject(`write into map forbidden, value_size=${reg.map.valueSize} off=${reg.off} size=${size}`);
        this.checkMapAccess(regno, reg, reg.off, size, zeroSizeAllowed);
        return;
      case 'mem':
        if ((reg.flags & Flag.RDONLY) && write) throw new Reject(`R${regno} cannot write into ${regTypeStr(reg)}`);
        this.checkMemRegionAccess(regno, reg, reg.off, size, reg.memSize, zeroSizeAllowed);
        return;
      case 'fp':
        this.checkStackRangeInitialized(regno, reg, reg.off, size, zeroSizeAllowed, write, rawMeta);
        return;
      default:
        if (zeroSizeAllowed && size === 0 && reg.type === 'scalar' && tnumIsConst(reg.varOff) && reg.varOff.value === 0n) return;
        throw new Reject(`R${regno} type=${regTypeStr(reg)} expected=fp`);
    }
  }

  private checkStackRangeInitialized(regno: number, reg: Reg, off: number, size: number, zeroSizeAllowed: boolean, write: boolean, rawMeta: CallMeta | undefined): void {
    if (size === 0 && !zeroSizeAllowed) throw new Reject('invalid zero-sized read');
    this.checkStackAccessWithinBounds(regno, reg, off, size, write);
    let minOff: number;
    let maxOff: number;
    if (tnumIsConst(reg.varOff)) {
      minOff = maxOff = Number(s64(reg.varOff.value)) + off;
    } else {
      rawMeta = undefined;
      minOff = Number(reg.smin) + off;
      maxOff = Number(reg.smax) + off;
    }
    if (rawMeta) {
      rawMeta.accessSize = size;
      rawMeta.rawRegno = regno;
      return;
    }
    const frame = this.frameOf(reg);
    for (let i = minOff; i < maxOff + size; i++) {
      const slotNo = -i - 1;
      const spi = Math.floor(slotNo / REG_SIZE);
      const slot = frame.stack[spi]!;
      const j = slotNo % REG_SIZE;
      const t = slot.slotType[j];
      if (t === Slot.MISC) continue;
      if (t === Slot.ZERO || t === Slot.INVALID) {
        if (write) slot.slotType[j] = Slot.MISC;
        continue;
      }
      if (isSpilledReg(slot)) {
        if (write) {
          markUnknown(slot.spilled);
          for (let k = 0; k < REG_SIZE; k++) if (slot.slotType[k] !== Slot.INVALID) slot.slotType[k] = Slot.MISC;
        }
        continue;
      }
      if (tnumIsConst(reg.varOff)) throw new Reject(`invalid read from stack R${regno} off ${minOff}+${i - minOff} size ${size}`);
      throw new Reject(`invalid read from stack R${regno} var_off ${tnumToString(reg.varOff)}+${i - minOff} size ${size}`);
    }
  }
}

function markPtrNotNullReg(r: Reg): void {
  if (r.type === 'map_value' && r.map) {
    const m = r.map;
    if ((m.type === 12 || m.type === 13) && m.inner) {
      // The kernel's inner_map_meta is an anonymous copy of the template: no name.
      r.type = 'map_ptr';
      r.map = { ...m.inner, name: '' };
    } else if (m.type === 17) {
      r.type = 'xdp_sock';
    } else if (m.type === 15 || m.type === 18) {
      r.type = 'sock';
    }
  }
  r.flags &= ~Flag.MAYBE_NULL;
}

function stackNarrowAccessOk(off: number, size: number, spillSize: number): boolean {
  // Little-endian: the low bytes of a spilled value sit at its lowest address.
  const slotStart = Math.floor((off + 512) / REG_SIZE) * REG_SIZE - 512;
  void spillSize;
  return off === slotStart;
}

function addS64(a: bigint, b: bigint): [bigint, boolean] {
  const r = a + b;
  return [s64(r), r !== s64(r)];
}
function addU64(a: bigint, b: bigint): [bigint, boolean] {
  const r = a + b;
  return [u64(r), r !== u64(r)];
}
function subS64(a: bigint, b: bigint): [bigint, boolean] {
  const r = a - b;
  return [s64(r), r !== s64(r)];
}
function subTnum(a: Reg, b: Reg): Reg['varOff'] {
  const dv = u64(a.varOff.value - b.varOff.value);
  const alpha = u64(dv + a.varOff.mask);
  const beta = u64(dv - b.varOff.mask);
  const chi = alpha ^ beta;
  const mu = chi | a.varOff.mask | b.varOff.mask;
  return { value: dv & ~mu & ((1n << 64n) - 1n), mask: mu };
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

export const ALU_STRING: Record<string, string> = {
  add: '+=', sub: '-=', mul: '*=', div: '/=', or: '|=', and: '&=', lsh: '<<=', rsh: '>>=', neg: 'neg',
  mod: '%=', xor: '^=', mov: '=', arsh: 's>>=', end: 'endian', sdiv: '/=', smod: '%=',
};
void u32;
void markUnbounded;
void CALL;

/** `mark_reg_known_zero` for a pointer register of the given type. */
function markKnownZeroPtr(r: Reg, type: Reg['type']): void {
  r.type = type;
  r.varOff = tnumConst(0n);
  r.smin = r.smax = r.umin = r.umax = 0n;
  r.s32min = r.s32max = r.u32min = r.u32max = 0n;
}
