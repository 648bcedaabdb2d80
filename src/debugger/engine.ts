/**
 * The debugging engine behind `tsbpf dbg` (and any web page): a program (classic or eBPF), a list of
 * packets, a current packet, breakpoints, the machine state and its history. Every operation returns
 * plain data (`DbgOutput[]`); src/debugger/format.ts turns it into bpf_dbg's text.
 *
 * Behaviour follows the kernel's bpf_dbg (tools/bpf/bpf_dbg.c) command by command — `step n` runs n−1
 * instructions silently, dumps the state before the n-th and executes it; `step -n` restores the
 * register history; `run` keeps its pass/fail counters across a breakpoint stop; a breakpoint dump is
 * printed before the instruction executes — with its defects fixed:
 *  - the interpreter follows the kernel's rules (src/classic), including the Linux extensions;
 *  - `select N` selects the N-th packet (bpf_dbg lands on the N+1-th), and the last packet is reachable;
 *  - a return value ≥ 0x80000000 counts as a pass instead of silently ending `run`;
 *  - captures may be pcap or pcapng in either byte order and timestamp resolution.
 * eBPF programs get the same commands: r1 = packet, r2 = caplen (as `tsbpf filter`), registers r0–r10
 * and the stack in the dump; stepping backward re-executes the run from its start (the machine is
 * deterministic), so it needs no snapshot of memory.
 */
import { checkClassic } from '../classic/index.js';
import { PcapError, VmError } from '../errors.js';
import type { SockFilter } from '../isa/classic.js';
import type { Insn } from '../isa/insn.js';
import { CaptureReader } from '../pcap/reader.js';
import { formatBpfDbgLine } from '../text/classic-disasm.js';
import { formatKernel } from '../text/kernel-disasm.js';
import { Vm } from '../vm/interpreter.js';
import type { Region } from '../vm/memory.js';
import { type ClassicState, copyState, type DebugPacket, initialState, stepClassic } from './classic-machine.js';

export const MAX_BREAKPOINTS = 64;
/** bpf_dbg's register history holds BPF_MAXINSNS + 1 states. */
const HISTORY_LIMIT = 4097;

export interface PacketDump {
  data: Uint8Array;
  caplen: number;
  len: number;
}

export interface ClassicDump {
  kind: 'classic';
  pc: number;
  insn: SockFilter;
  /** bpf_dbg disassembly of the current instruction and, for a conditional jump, of both targets. */
  curr: string;
  jt: string | undefined;
  jf: string | undefined;
  A: number;
  X: number;
  R: number | undefined;
  M: readonly number[];
  packet: PacketDump;
}

export interface EbpfDump {
  kind: 'ebpf';
  pc: number;
  insn: Insn | undefined;
  curr: string;
  /** r0..r10 as unsigned 64-bit values. */
  regs: bigint[];
  /** The current frame's 512 stack bytes (lowest address first) and the address of its top. */
  stack: Uint8Array;
  stackTop: number;
  packet: PacketDump;
}

export type DbgOutput =
  | { kind: 'message'; text: string }
  | { kind: 'dump'; dump: ClassicDump | EbpfDump }
  | { kind: 'disassembly'; lines: string[] }
  | { kind: 'program'; insns: readonly SockFilter[] }
  | { kind: 'breakpoints'; pcs: number[] }
  | { kind: 'breakpoint-set'; line: string }
  | { kind: 'run-summary'; pass: number; fail: number };

const msg = (text: string): DbgOutput => ({ kind: 'message', text });

interface StoredPacket extends DebugPacket {
  caplen: number;
}

/** The state of an eBPF run: the VM, the packet region, and how many instructions this run has executed. */
interface EbpfRun {
  vm: Vm;
  region: Region;
  /** Instructions executed in the current run (the history depth). */
  executed: number;
  returned: boolean;
  R: number;
  /** Instruction index by slot, for disassembly. */
  insnAt: Map<number, number>;
}

export class DebugEngine {
  classic: SockFilter[] | undefined;
  ebpf: Insn[] | undefined;
  packets: StoredPacket[] | undefined;
  captureName = '';
  /** Index of the current packet. */
  current = 0;
  readonly breakpoints: number[] = [];
  /** Why the kernel checker refused the last classic program (pc and rule), if it did. */
  lastRejection: string | undefined;

  private state: ClassicState = initialState();
  private history: ClassicState[] = [];
  private run_: EbpfRun | undefined;
  // bpf_dbg keeps these static across `run` commands until a summary is printed.
  private pass = 0;
  private fail = 0;

  get programLength(): number {
    return this.classic?.length ?? this.ebpf?.length ?? 0;
  }

  // --- loading -------------------------------------------------------------------------------------

  /** `load bpf N,c jt jf k,…` with bpf_dbg's parser and messages. */
  loadBpfString(text: string): { ok: boolean; out: DbgOutput[] } {
    this.unload();
    const head = /^\s*(\d+)(.)/s.exec(text);
    const n = head ? Number(head[1]) : 0;
    if (!head || head[2] !== ',' || n > 4096 || n === 0 || n > 0xffff) return { ok: false, out: [msg('syntax error in head length encoding!')] };
    const prog: SockFilter[] = [];
    // Every comma that is followed by more text starts an instruction (a trailing comma is fine).
    let at = text.indexOf(',');
    while (at >= 0 && at + 1 < text.length) {
      const token = text.slice(at + 1);
      if (prog.length >= n) return { ok: false, out: [msg('program exceeds encoded length!')] };
      const m = /^\s*([+-]?\d+)\s+([+-]?\d+)\s+([+-]?\d+)\s+([+-]?\d+)/.exec(token);
      if (!m) return { ok: false, out: [msg(`syntax error at instruction ${prog.length}!`)] };
      // scanf's %hu/%hhu/%u store the value modulo the field width.
      prog.push({ code: Number(BigInt.asUintN(16, BigInt(m[1]!))), jt: Number(BigInt.asUintN(8, BigInt(m[2]!))),
        jf: Number(BigInt.asUintN(8, BigInt(m[3]!))), k: Number(BigInt.asUintN(32, BigInt(m[4]!))) });
      at = text.indexOf(',', at + 1);
    }
    if (prog.length !== n) return { ok: false, out: [msg('syntax error exceeding encoded length!')] };
    return { ok: true, out: this.loadClassic(prog) };
  }

  /**
   * Loads a classic program after the kernel's load-time check (bpf_dbg attaches it to a socket); a
   * rejected program stays unloaded and the reason follows bpf_dbg's message.
   */
  loadClassic(prog: SockFilter[]): DbgOutput[] {
    this.unload();
    try {
      checkClassic(prog, 'linux');
    } catch (e) {
      // bpf_dbg's one line; the reason (pc and rule) is kept for callers that want it.
      this.lastRejection = (e as Error).message;
      return [msg('program not allowed to run by kernel!')];
    }
    this.classic = prog;
    return [];
  }

  loadEbpf(insns: Insn[]): DbgOutput[] {
    this.unload();
    try {
      new Vm(insns);
    } catch (e) {
      return [msg(`program not loadable: ${(e as Error).message}`)];
    }
    this.ebpf = insns;
    return [];
  }

  private unload(): void {
    this.classic = undefined;
    this.ebpf = undefined;
    this.run_ = undefined;
    this.breakpoints.length = 0;
    this.reset();
  }

  /** `load pcap`: any pcap/pcapng. A damaged file keeps the packets before the damage and says where. */
  loadCapture(bytes: Uint8Array, name: string): DbgOutput[] {
    const reader = new CaptureReader();
    reader.push(bytes);
    reader.end();
    const packets: StoredPacket[] = [];
    const out: DbgOutput[] = [];
    try {
      for (let p = reader.nextPacket(); p; p = reader.nextPacket()) {
        packets.push({ data: p.data.slice(), caplen: p.data.length, len: p.origLen, linkType: p.linkType });
      }
    } catch (e) {
      if (!(e instanceof PcapError)) throw e;
      if (packets.length === 0) return [msg(`cannot load pcap [${e.message}]!`)];
      out.push(msg(`pcap damaged at offset ${e.offset} (${e.detail}); kept ${packets.length} packets`));
    }
    if (packets.length === 0) return [msg('pcap file has no packets!')];
    this.packets = packets;
    this.captureName = name;
    this.current = 0;
    this.reset();
    return out;
  }

  // --- state ---------------------------------------------------------------------------------------

  private reset(): void {
    this.state = initialState();
    this.history = [];
    if (this.run_) {
      this.run_.executed = 0;
      this.run_.returned = false;
      this.run_.R = 0;
      this.startEbpf(this.run_);
    }
  }

  private ready(): DbgOutput[] | undefined {
    if (!this.classic && !this.ebpf) return [msg('no bpf program loaded!')];
    if (!this.packets) return [msg('no pcap file loaded!')];
    return undefined;
  }

  private packet(): StoredPacket {
    return this.packets![this.current]!;
  }

  /** Advances to the next packet; false (and back to the first) at the end. */
  private nextPacket(): boolean {
    if (this.current + 1 < this.packets!.length) {
      this.current++;
      return true;
    }
    this.current = 0;
    return false;
  }

  private ebpfRun(): EbpfRun {
    if (!this.run_) {
      const vm = new Vm(this.ebpf!);
      const region = vm.space.map('packet', 0, { writable: true, capacity: 262144 });
      vm.packet = region;
      const insnAt = new Map<number, number>(vm.program.pcs.map((slot, i) => [slot, i]));
      this.run_ = { vm, region, executed: 0, returned: false, R: 0, insnAt };
      this.startEbpf(this.run_);
    }
    return this.run_;
  }

  private startEbpf(r: EbpfRun): void {
    if (!this.packets) return;
    const p = this.packet();
    const n = Math.min(p.data.length, 262144);
    r.vm.space.setLength(r.region, n);
    r.vm.space.bytes.set(p.data.subarray(0, n), r.region.hostOffset);
    r.vm.start([r.region.vmAddr, n]);
  }

  /** True once the current packet's run has returned. */
  private returned(): boolean {
    return this.ebpf ? this.ebpfRun().returned : this.state.returned;
  }

  private currentPc(): number {
    return this.ebpf ? this.ebpfRun().vm.pc : this.state.pc;
  }

  /** Executes one instruction, keeping history (classic) or the count (eBPF). */
  private exec(out: DbgOutput[]): void {
    if (this.classic) {
      if (this.history.length < HISTORY_LIMIT) this.history.push(copyState(this.state));
      stepClassic(this.classic, this.state, this.packet());
      return;
    }
    const r = this.ebpfRun();
    r.executed++;
    try {
      if (r.vm.step(1)) {
        r.returned = true;
        r.R = Number(r.vm.r0() & 0xffffffffn);
      }
    } catch (e) {
      if (!(e instanceof VmError)) throw e;
      out.push(msg(`(fault: ${e.message})`));
      r.returned = true;
      r.R = 0;
    }
  }

  private result(): number {
    return this.ebpf ? this.ebpfRun().R : this.state.R;
  }

  /** The dump bpf_dbg prints at a breakpoint or step: registers, then the packet, then `(breakpoint)`. */
  snapshot(): ClassicDump | EbpfDump {
    const p = this.packet();
    const packet: PacketDump = { data: p.data, caplen: p.caplen, len: p.len };
    if (this.classic) {
      const s = this.state;
      const prog = this.classic;
      const insn = prog[s.pc] ?? { code: 0, jt: 0, jf: 0, k: 0 };
      const line = (pc: number): string => (prog[pc] ? formatBpfDbgLine(prog[pc], pc) : `l${pc}:\t<outside the program>`);
      const cond = insn.jt !== 0 || insn.jf !== 0;
      return {
        kind: 'classic', pc: s.pc, insn, curr: line(s.pc),
        jt: cond ? line(s.pc + insn.jt + 1) : undefined, jf: cond ? line(s.pc + insn.jf + 1) : undefined,
        A: s.A, X: s.X, R: s.returned ? s.R : undefined, M: s.M.slice(), packet,
      };
    }
    const r = this.ebpfRun();
    const vm = r.vm;
    const idx = r.insnAt.get(vm.pc);
    const insn = idx === undefined ? undefined : this.ebpf![idx];
    const frame = vm.stackFrames[vm.depth]!;
    const stack = vm.space.bytes.slice(frame.hostOffset, frame.hostOffset + 512);
    return {
      kind: 'ebpf', pc: vm.pc, insn, curr: `l${vm.pc}:\t${insn ? formatKernel(insn) : '<outside the program>'}`,
      regs: Array.from({ length: 11 }, (_, i) => vm.register(i)), stack, stackTop: frame.vmAddr + 512, packet,
    };
  }

  // --- commands ------------------------------------------------------------------------------------

  /** `select N` (1-based). */
  select(n: number): { ok: boolean; out: DbgOutput[] } {
    if (!this.packets) return { ok: false, out: [msg('no pcap file loaded!')] };
    const out: DbgOutput[] = [];
    if (n === 0) {
      out.push(msg('packet count starts with 1, clamping!'));
      n = 1;
    }
    if (n > this.packets.length) {
      this.current = 0;
      this.reset();
      out.push(msg(`no packet #${n} available!`));
      return { ok: false, out };
    }
    this.current = n - 1;
    this.reset();
    return { ok: true, out };
  }

  /** `step [±n]`. */
  step(n: number): { ok: boolean; out: DbgOutput[] } {
    const missing = this.ready();
    if (missing) return { ok: false, out: missing };
    const out: DbgOutput[] = [];
    if (n === 0) n = 1;
    if (n < 0) {
      if (!this.restore(n)) return { ok: false, out: [msg('reached bottom of register history stack!')] };
      n = 1;
    }
    let i = 1;
    let stopped = false;
    while (!this.returned() && !stopped) {
      if (i++ === n) {
        out.push({ kind: 'dump', dump: this.snapshot() });
        stopped = true;
      }
      this.exec(out);
    }
    if (this.returned()) this.finishPacket(out);
    return { ok: true, out };
  }

  /** bpf_dbg's history arithmetic: go to history entry len − 1 + off (off < 0). */
  private restore(off: number): boolean {
    const depth = this.classic ? this.history.length : this.ebpfRun().executed;
    const index = depth - 1 + off;
    if (index < 0 || index >= depth) return false;
    if (this.classic) {
      this.state = copyState(this.history[index]!);
      this.history.length = index;
      return true;
    }
    // eBPF: re-execute the run up to `index` instructions.
    const r = this.ebpfRun();
    r.executed = 0;
    r.returned = false;
    this.startEbpf(r);
    const sink: DbgOutput[] = [];
    while (r.executed < index && !r.returned) this.exec(sink);
    return true;
  }

  private finishPacket(out: DbgOutput[]): void {
    const more = this.nextPacket();
    this.reset();
    out.push(msg(more ? '(next packet)' : '(going back to first packet)'));
  }

  /** `run [n]`: over n packets (0 = all) from the current one. */
  run(limit: number): { ok: boolean; out: DbgOutput[] } {
    const missing = this.ready();
    if (missing) return { ok: false, out: missing };
    const out: DbgOutput[] = [];
    let done = 0;
    for (;;) {
      let stopped = false;
      while (!this.returned() && !stopped) {
        if (this.breakpoints.includes(this.currentPc())) {
          out.push({ kind: 'dump', dump: this.snapshot() });
          stopped = true;
        }
        this.exec(out);
      }
      if (stopped) return { ok: true, out };
      if (this.result() !== 0) this.pass++; else this.fail++;
      done++;
      const more = this.current + 1 < this.packets!.length;
      if (!more || (limit > 0 && done >= limit)) break;
      this.current++;
      this.reset();
    }
    out.push({ kind: 'run-summary', pass: this.pass, fail: this.fail });
    this.pass = 0;
    this.fail = 0;
    this.current = 0;
    this.reset();
    return { ok: true, out };
  }

  /** `breakpoint`, `breakpoint N`, `breakpoint reset`. */
  breakpoint(arg: string): { ok: boolean; out: DbgOutput[] } {
    if (!this.classic && !this.ebpf) return { ok: false, out: [msg('no bpf program loaded!')] };
    const word = arg.trim().split(/\s+/)[0] ?? '';
    if (word === '') return { ok: true, out: [{ kind: 'breakpoints', pcs: [...this.breakpoints] }] };
    if ('reset'.startsWith(word)) {
      this.breakpoints.length = 0;
      return { ok: true, out: [] };
    }
    const where = parseUnsigned(word);
    const out: DbgOutput[] = [];
    if (where < this.programLength) {
      if (this.breakpoints.includes(where)) out.push(msg('breakpoint already set!'));
      else if (this.breakpoints.length >= MAX_BREAKPOINTS) out.push(msg('too many breakpoints set, reset first!'));
      else this.breakpoints.push(where);
      out.push({ kind: 'breakpoint-set', line: this.disassembleLine(where) });
    }
    return { ok: true, out };
  }

  private disassembleLine(n: number): string {
    if (this.classic) return formatBpfDbgLine(this.classic[n]!, n);
    const r = this.ebpfRun();
    const slot = r.vm.program.pcs[n];
    const insn = this.ebpf![n]!;
    return `l${slot ?? n}:\t${formatKernel(insn)}`;
  }

  /** `disassemble [n]`. */
  disassemble(arg: string): { ok: boolean; out: DbgOutput[] } {
    if (!this.classic && !this.ebpf) return { ok: false, out: [msg('no bpf program loaded!')] };
    const t = arg.trim();
    const n = t === '' ? -1 : parseUnsigned(t);
    const lines = n >= 0 && n < this.programLength
      ? [this.disassembleLine(n)]
      : Array.from({ length: this.programLength }, (_, i) => this.disassembleLine(i));
    return { ok: true, out: [{ kind: 'disassembly', lines }] };
  }

  /** `dump`: the program as C initialisers (classic only). */
  dump(): { ok: boolean; out: DbgOutput[] } {
    if (this.classic) return { ok: true, out: [{ kind: 'program', insns: this.classic }] };
    if (this.ebpf) return { ok: true, out: [{ kind: 'disassembly', lines: this.disassemble('').out.flatMap((o) => (o.kind === 'disassembly' ? o.lines : [])) }] };
    return { ok: false, out: [msg('no bpf program loaded!')] };
  }
}

/** strtoul(…, 10): leading digits, 0 when there are none; values past 2^32 wrap like unsigned long → u32 compare. */
export function parseUnsigned(text: string): number {
  const m = /^\s*\+?(\d+)/.exec(text);
  if (!m) {
    const neg = /^\s*-(\d+)/.exec(text);
    return neg ? Number.MAX_SAFE_INTEGER : 0;
  }
  return Number(m[1]);
}
