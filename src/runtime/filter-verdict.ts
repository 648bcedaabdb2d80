/**
 * The verdict of a program over a capture's packets, as `tsbpf filter` judges them (and the web
 * playground counts them): a socket-filter snap length per packet, 0 dropping it. Classic programs
 * run in the kernel-rules interpreter, or compiled to JavaScript (src/classic-jit) with the
 * interpreter for what the compiled code cannot judge; eBPF programs get r1 = packet, r2 = caplen
 * (the conformance runner's convention) in the interpreter or the JIT; filter expressions are
 * compiled per link type as `tcpdump -r` compiles them.
 */
import { checkClassic, compileClassic, type SkbMeta } from '../classic/index.js';
import { compileClassicJs } from '../classic-jit/compile-js.js';
import { VmError } from '../errors.js';
import type { SockFilter } from '../isa/classic.js';
import type { Insn } from '../isa/insn.js';
import type { createExecutor, Engine } from '../jit/run.js';
import type { Verdict } from '../pcap/filter-stream.js';

/** What is run; each kind makes a verdict function for a link type. */
export type Program =
  | { kind: 'classic'; prog: SockFilter[] }
  | { kind: 'ebpf'; insns: Insn[]; createExecutor: typeof createExecutor }
  | { kind: 'expression'; text: string };

export type CompileFilter = (text: string, options: { linkType: number; snaplen: number; optimize: boolean; savefile: boolean }) => SockFilter[];

function classicVerdict(prog: SockFilter[], linkType: number, engine: Engine): Verdict {
  const run = compileClassic(prog, { linkType });
  // One metadata object for the whole run: only the wire length changes per packet; the rest is
  // derived from the link-layer header by the interpreter.
  const meta: SkbMeta = { len: 0 };
  const interpret: Verdict = (p) => {
    meta.len = p.origLen;
    return run(p.data, meta);
  };
  const compiled = engine === 'jit' ? compileClassicJs(prog) : undefined;
  if (!compiled) return interpret;
  // The compiled filter reads the packet in place; -1 hands a packet it cannot judge to the interpreter.
  return (p) => {
    const v = compiled(p.bytes, p.dataStart, p.caplen, p.origLen);
    return v >= 0 ? v : interpret(p);
  };
}

/** The largest packet an eBPF filter sees. */
const EBPF_PACKET_CAPACITY = 262144;

function ebpfVerdict(program: Extract<Program, { kind: 'ebpf' }>, engine: Engine): Verdict {
  const exec = program.createExecutor(program.insns, { engine });
  const vm = exec.vm;
  const region = vm.space.map('packet', 0, { writable: true, capacity: EBPF_PACKET_CAPACITY });
  vm.packet = region;
  const args = [region.vmAddr, 0];
  return (p) => {
    const n = Math.min(p.caplen, EBPF_PACKET_CAPACITY);
    vm.space.setLength(region, n);
    vm.space.bytes.set(p.data.subarray(0, n), region.hostOffset);
    args[1] = n;
    try {
      return exec.runU32(args);
    } catch (e) {
      if (e instanceof VmError) throw new VmError(e.kind, `packet ${p.index + 1}: ${e.detail}`, e.pc, e.address, e.size);
      throw e;
    }
  };
}

/**
 * The verdict for a whole capture: one program per link type (a pcapng file may mix them), built on
 * first sight of the link type and cached.
 */
export function makeVerdict(program: Program, snaplen: number, compile?: CompileFilter, engine: Engine = 'jit'): Verdict {
  const byLinkType = new Map<number, Verdict>();
  const build = (linkType: number): Verdict => {
    switch (program.kind) {
      case 'classic': return classicVerdict(program.prog, linkType, engine);
      case 'ebpf': return ebpfVerdict(program, engine);
      case 'expression': {
        const prog = compile!(program.text, { linkType, snaplen, optimize: true, savefile: true }); // as tcpdump -r
        checkClassic(prog, 'libpcap');
        return classicVerdict(prog, linkType, engine);
      }
    }
  };
  let lastLinkType = -1;
  let last: Verdict = () => 0;
  return (p) => {
    if (p.linkType !== lastLinkType) {
      let v = byLinkType.get(p.linkType);
      if (!v) byLinkType.set(p.linkType, (v = build(p.linkType)));
      last = v;
      lastLinkType = p.linkType;
    }
    return last(p);
  };
}
