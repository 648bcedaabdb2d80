/**
 * The playground session's API: what the page asks the worker and what it answers. Everything here
 * is plain data (structured-clone-able: no classes, no functions; bigint and Uint8Array are fine),
 * so it crosses `postMessage` unchanged. Every request carries the whole input, so a worker that was
 * terminated (the page's "stop") is replaced by a fresh one with nothing to restore.
 *
 * Protocol (web/src/worker.ts):
 *   page → worker   { id, method, params }
 *   worker → page   { id, progress: 0..1 }                       (long runs, any number of times)
 *                   { id, ok: true, result }  |  { id, ok: false, error: ErrorInfo }   (exactly once)
 */

// --- inputs ------------------------------------------------------------------------------------------

/**
 * What the user gives. eBPF assembly is in either syntax (conformance `mov32 %r0, 1` or llvm/kernel
 * `w0 = 1`, guessed from the text); its header of `; type: xdp`, `; map: NAME TYPE KEY VALUE MAX`
 * and `; license:` directive comments sets the program type and maps, as in the verifier golden
 * cases (test/golden/verifier/README.md), and `rN = map[NAME] ll` loads a map.
 */
export type ProgramInput =
  | { kind: 'ebpf-asm'; text: string }
  | { kind: 'classic-asm'; text: string }
  /** A tcpdump filter expression; linkType is a DLT name (EN10MB, RAW, …) or number, default EN10MB. */
  | { kind: 'filter'; text: string; linkType?: string | number }
  /** A clang-compiled ELF object; `program` is a program name or section (default: the first). */
  | { kind: 'object'; bytes: Uint8Array; name?: string; program?: string };

export type InputKind = ProgramInput['kind'];
export type EngineName = 'interp' | 'jit';

export interface Options {
  /** Program type (libbpf spelling: socket_filter, xdp, sched_cls, …), overriding the input's own. */
  progType?: string;
  /** runCapture's engine; default jit (which falls back to the interpreter when it cannot compile). */
  engine?: EngineName;
  /** Instruction limit per packet run (default 1,000,000, as `tsbpf run`). */
  limit?: number;
  /**
   * The kernel's BTF (raw `.BTF` bytes, uncompressed: data/kernel-btf/vmlinux-6.18.btf.gz after
   * gunzip), for objects with CO-RE relocations or `__ksym` externs, which the CLI resolves against
   * it. Without it such objects load with their relocations unapplied.
   */
  kernelBtf?: Uint8Array;
}

/** A capture file (pcap or pcapng) the user uploaded or picked from the examples. */
export interface Capture {
  name: string;
  bytes: Uint8Array;
}

// --- answers -----------------------------------------------------------------------------------------

/** An error in words, with where it happened when known (1-based line/column, pc, byte offset). */
export interface ErrorInfo {
  message: string;
  /** Which error family: AsmError, FilterError, LoadError, DecodeError, VmError, PcapError, … */
  kind?: string;
  line?: number;
  column?: number;
  /** Instruction slot. */
  pc?: number;
  /** Byte offset in a file (capture, object). */
  offset?: number;
}

export interface Diagnostic extends ErrorInfo {
  severity: 'error' | 'warning';
  /** Which stage reported it. */
  source: 'assembler' | 'directives' | 'filter' | 'loader' | 'checker';
}

/** A program of an ELF object, for the program chooser. */
export interface ObjectProgram {
  name: string;
  section: string;
  type: string;
  slots: number;
}

/** One disassembled instruction, in both styles, and the source line it came from (when known). */
export interface DisasmLine {
  /** Instruction slot (pc); LD_IMM64 takes two slots. */
  pc: number;
  /** `llvm-objdump -d` style, e.g. `r0 = 0x1` (without the address). */
  llvm: string;
  /** Verifier-log style, e.g. `(b7) r0 = 1` (without the `pc: ` prefix). */
  kernel: string;
  /** 1-based source line of an assembly input. */
  line?: number;
}

/** A classic instruction, as `tcpdump -d` prints it. */
export interface ClassicLine {
  pc: number;
  code: number;
  jt: number;
  jf: number;
  k: number;
  /** `(000) ldh      [12]` */
  text: string;
  line?: number;
}

export interface AnalyzeResult {
  /** True when the input produced a program (no error diagnostics). */
  ok: boolean;
  diagnostics: Diagnostic[];
  flavor: 'ebpf' | 'classic';
  /** The program type in effect (options, then directives / ELF section, then socket_filter). */
  progType: string;
  /** ELF objects: every program, and which one is shown. */
  programs: ObjectProgram[];
  selected?: string;
  /** eBPF programs. */
  disasm: DisasmLine[];
  /** Classic programs and compiled filters: the `tcpdump -d` listing, one entry per instruction. */
  classic: ClassicLine[];
  /** The same listing as one text (`tcpdump -d` output exactly). */
  classicText?: string;
  /** Maps the program uses (from directives or the object). */
  maps: { name: string; type: string; keySize: number; valueSize: number; maxEntries: number }[];
}

export interface VerifyStats {
  insnProcessed: number;
  maxStatesPerInsn: number;
  totalStates: number;
  peakStates: number;
}

export interface VerifyResult {
  accepted: boolean;
  /** eBPF: tsbpf's verifier (Linux 6.18); classic: the kernel's load-time checker (sk_chk_filter). */
  checker: 'ebpf-verifier' | 'classic-checker';
  /** The log at level 1 and 2 exactly as `tsbpf verify --log-level N` prints it (without the verdict line). */
  log1: string;
  log2: string;
  /** `verdict: ACCEPT` or `verdict: REJECT (EACCES)`, as `tsbpf verify` ends. */
  verdict: string;
  errno: string | null;
  /** Slot of the failing instruction, -1 when none. */
  errorPc: number;
  /** The closing error line(s) of the log. */
  error: string[];
  /** Source line of the failing instruction (assembly inputs). */
  errorLine?: number;
  stats: VerifyStats;
  /**
   * Per instruction slot, the register/stack state the level-2 log prints at it (the lines
   * `N: R1=ctx() R10=fp0` and `N: (bf) r0 = r1 ; R0_w=…`), joined with newlines; absent slots
   * were never reached.
   */
  states: Record<number, string>;
  /** Whether the input failed before verification (assembler, loader): see diagnostics. */
  diagnostics: Diagnostic[];
}

/** Where the debugger is, after any debug* call. */
export interface DebugSnapshot {
  flavor: 'ebpf' | 'classic';
  pc: number;
  /** The current instruction as the debugger prints it (`l3:\tr0 = *(u32 *)(r1 +0)`). */
  insn: string;
  /** 1-based source line of the current instruction (assembly inputs). */
  line?: number;
  /** eBPF: r0–r10 as unsigned 64-bit values. */
  regs?: bigint[];
  /** Classic: A, X and M[0..15] (unsigned 32-bit). */
  A?: number;
  X?: number;
  M?: number[];
  /** eBPF: the current frame's 512 stack bytes, lowest address first; stackTop = r10's value. */
  stack?: Uint8Array;
  stackTop?: number;
  /** The packet being run (1-based index in the capture; 0 for the zero packet with no capture). */
  packetIndex: number;
  packetCount: number;
  packet: Uint8Array;
  /** Bytes of the packet the current instruction reads, [start, end) — for highlighting. */
  reads?: { start: number; end: number };
  /** Instructions executed in this packet's run so far. */
  executed: number;
  finished: boolean;
  /** The packet's verdict once finished (classic: A returned; eBPF: low 32 bits of r0). */
  returnValue?: number;
  error?: ErrorInfo;
  breakpoints: number[];
  /** Messages of the step (bpf_dbg's `(next packet)`, faults). */
  messages: string[];
}

/** Debugger state is rebuilt from this on every call (the worker keeps none that matters). */
export interface DebugRequest {
  input: ProgramInput;
  options?: Options;
  capture?: Capture;
  /** 1-based packet number (default 1). */
  packet?: number;
  breakpoints?: number[];
  /** Instructions already executed in this packet's run: the position to restore. */
  executed?: number;
  /**
   * How an eBPF program sees the packet: 'packet' (default) as src/debugger's engine and `tsbpf dbg`
   * run it, r1 = the packet's bytes and r2 = their length; 'program-type' as `tsbpf run` runs it,
   * r1 = the program type's context (xdp_md, __sk_buff) with maps and helpers. Classic programs
   * always see the packet as a socket filter.
   */
  context?: 'packet' | 'program-type';
  /** What to do from there: step n (negative: back), or run to the next breakpoint / the end. */
  action: { kind: 'start' } | { kind: 'step'; n: number } | { kind: 'continue' };
}

export interface MapTable {
  name: string;
  type: string;
  /** Rows as `tsbpf run --maps-dump` prints them: key and value through BTF when present, else hex. */
  rows: { key: string; value: string }[];
  /** Entries not shown (all-zero array elements). */
  hidden: number;
}

export interface RunResult {
  /** Verdict name → packets, as `tsbpf run OBJ --pcap CAP` / `tsbpf filter` count them. */
  histogram: Record<string, number>;
  /** The CLI's text for the histogram (`XDP_PASS 812` lines, or `accepted/total` for filters). */
  summary: string;
  packets: number;
  /** Packets run before an error stopped the run. */
  runs: number;
  instructions: number;
  trace: string[];
  events: { map: string; records: number }[];
  maps: MapTable[];
  engine: EngineName;
  /** Set when the run stopped early (instruction limit, fault, damaged capture); the counts above stand. */
  error?: ErrorInfo;
}

export interface JitResult {
  /** The WAT `tsbpf jit --dump` prints, or undefined when the JIT cannot compile the program. */
  wat?: string;
  /** Why there is no WAT (the JIT's reason, or "classic programs are compiled to JavaScript"). */
  note?: string;
}

/** A bundled example (examples/*.o and traffic.pcap are fetched by the page from `examples/`). */
export interface Example {
  id: string;
  title: string;
  description: string;
  /** Asm / classic / filter examples carry their text; objects and captures name their file. */
  input: { kind: 'ebpf-asm' | 'classic-asm' | 'filter'; text: string } | { kind: 'object'; file: string; program?: string };
  /** A capture that goes with it (file under examples/). */
  capture?: string;
  /** What the real kernel (Linux 6.18) answered for asm examples taken from the verifier goldens. */
  kernelVerdict?: 'accept' | 'reject';
}

/** Everything a shared link restores. Uploaded captures only below SHARE_CAPTURE_LIMIT bytes. */
export interface ShareState {
  kind: InputKind;
  /** Source text (asm, classic, filter); objects are not shared unless small, as `objectBytes`. */
  text?: string;
  objectName?: string;
  objectBytes?: Uint8Array;
  /** An example object / capture by file name, fetched by the page instead of embedded. */
  exampleObject?: string;
  exampleCapture?: string;
  program?: string;
  linkType?: string | number;
  options?: Options;
  capture?: Capture;
  packet?: number;
  /** Which view was open (free text the page owns). */
  view?: string;
}

export const SHARE_CAPTURE_LIMIT = 16 * 1024;
/** Uploaded objects are embedded in a link up to this size (bundled examples go by name). */
export const SHARE_OBJECT_LIMIT = 32 * 1024;

// --- the worker protocol -----------------------------------------------------------------------------

export interface Methods {
  analyze: { params: { input: ProgramInput; options?: Options }; result: AnalyzeResult };
  verify: { params: { input: ProgramInput; options?: Options }; result: VerifyResult };
  debug: { params: DebugRequest; result: DebugSnapshot };
  runCapture: { params: { input: ProgramInput; options?: Options; capture: Capture }; result: RunResult };
  jitWat: { params: { input: ProgramInput; options?: Options }; result: JitResult };
  examples: { params: Record<string, never>; result: Example[] };
  encodeState: { params: { state: ShareState }; result: string };
  decodeState: { params: { fragment: string }; result: ShareState };
}

export type Method = keyof Methods;

export interface Request<M extends Method = Method> {
  id: number;
  method: M;
  params: Methods[M]['params'];
}

export type Response<M extends Method = Method> =
  | { id: number; ok: true; result: Methods[M]['result'] }
  | { id: number; ok: false; error: ErrorInfo }
  | { id: number; progress: number };
