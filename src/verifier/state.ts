/**
 * Verifier states: a function frame (`bpf_func_state`: registers + stack slots) and the whole
 * path state (`bpf_verifier_state`: frames, acquired references). Copies are explicit because
 * branches fork states.
 */
import { type Reg, copyReg, notInit } from './reg.js';

export const MAX_BPF_STACK = 512;
export const REG_SIZE = 8;
export const MAX_CALL_FRAMES = 8;

/** Per-byte stack slot types (`STACK_INVALID`, `STACK_SPILL`, …) and the characters the log prints. */
export const Slot = { INVALID: 0, SPILL: 1, MISC: 2, ZERO: 3, DYNPTR: 4, ITER: 5, IRQ_FLAG: 6 } as const;
export const SLOT_CHAR = ['?', 'r', 'm', '0', 'd', 'i', 'f'] as const;

export interface StackSlot {
  /** slotType[j]: byte j of the 8-byte slot; index 7 is the lowest address. */
  slotType: number[];
  spilled: Reg;
}

export interface FuncState {
  regs: Reg[];
  /** stack[i] covers fp-(i+1)*8 .. fp-i*8-1. */
  stack: StackSlot[];
  frameno: number;
  /** Instruction after the call that created this frame (callsite + 1), -1 for main. */
  callsite: number;
  /** First instruction of the subprogram. */
  subprog: number;
  inCallback: boolean;
  /** Callback bodies entered from this frame at its current callback call (`callback_depth`). */
  callbackDepth: number;
}

export interface RefState {
  id: number;
  insnIdx: number;
  /** A held `bpf_spin_lock` (REF_TYPE_LOCK): the map whose value holds it; absent for pointers. */
  lock?: object;
}

/** One executed instruction since the last checkpoint (the kernel's jmp_history, kept for all). */
export interface HistEntry {
  idx: number;
  /** Frame the instruction ran in. */
  frame: number;
  /** Fixed-offset stack slot the instruction spilled to / filled from (-1: none). */
  spi: number;
  /** Frame of that stack slot. */
  spiFrame: number;
  /** Conditional jumps: registers linked by scalar id to the compared ones. */
  linked: number;
}

export interface VerifierState {
  frames: FuncState[];
  curframe: number;
  refs: RefState[];
  /** Instruction this state is at (for explored states). */
  insnIdx: number;
  /** Instructions executed since the parent checkpoint, oldest first. */
  hist: HistEntry[];
  /** Entries the kernel's jmp_history would hold (its length forces checkpoints past 40). */
  jmpHistoryCnt: number;
  /** Instruction index of the last jmp_history entry (entries of one instruction merge). */
  jmpHistoryLast: number;
  /** Callback bodies entered on this path (`callback_unroll_depth`): iterations are not infinite loops. */
  callbackUnrollDepth?: number;
}

export function emptySlot(): StackSlot {
  return { slotType: [0, 0, 0, 0, 0, 0, 0, 0], spilled: notInit() };
}

export function newFrame(frameno: number, callsite: number, subprog: number): FuncState {
  const regs: Reg[] = [];
  for (let i = 0; i < 11; i++) regs.push(notInit());
  const fp = regs[10]!;
  fp.type = 'fp';
  fp.varOff = { value: 0n, mask: 0n };
  fp.smin = fp.smax = fp.umin = fp.umax = 0n;
  fp.s32min = fp.s32max = fp.u32min = fp.u32max = 0n;
  fp.frameno = frameno;
  return { regs, stack: [], frameno, callsite, subprog, inCallback: false, callbackDepth: 0 };
}

export function copyFrame(f: FuncState): FuncState {
  return {
    regs: f.regs.map(copyReg),
    stack: f.stack.map((s) => ({ slotType: s.slotType.slice(), spilled: copyReg(s.spilled) })),
    frameno: f.frameno,
    callsite: f.callsite,
    subprog: f.subprog,
    inCallback: f.inCallback,
    callbackDepth: f.callbackDepth,
  };
}

export function copyState(s: VerifierState): VerifierState {
  return {
    frames: s.frames.map(copyFrame),
    curframe: s.curframe,
    refs: s.refs.map((r) => ({ ...r })),
    insnIdx: s.insnIdx,
    hist: s.hist.slice(),
    jmpHistoryCnt: s.jmpHistoryCnt,
    jmpHistoryLast: s.jmpHistoryLast,
    callbackUnrollDepth: s.callbackUnrollDepth,
  };
}

export function curFrame(s: VerifierState): FuncState {
  return s.frames[s.curframe]!;
}

/** Grows the frame's stack to hold `bytes` bytes below fp (allocated_stack, rounded to 8). */
export function growStack(f: FuncState, bytes: number): void {
  const slots = Math.ceil(bytes / REG_SIZE);
  while (f.stack.length < slots) f.stack.push(emptySlot());
}

export function isSpilledReg(s: StackSlot): boolean {
  return s.slotType[REG_SIZE - 1] === Slot.SPILL;
}

export function isSpilledScalarReg(s: StackSlot): boolean {
  return isSpilledReg(s) && s.spilled.type === 'scalar';
}

/** Every register in every frame, plus spilled registers (`bpf_for_each_reg_in_vstate`). */
export function forEachReg(s: VerifierState, fn: (r: Reg, frame: FuncState) => void): void {
  for (const f of s.frames) {
    for (const r of f.regs) fn(r, f);
    for (const slot of f.stack) if (isSpilledReg(slot)) fn(slot.spilled, f);
  }
}
