/**
 * What the verifier is given: instructions, program type, maps, license. Built from the loader's
 * output (`LoadedProgram` + `BpfObject.maps`) or from hand-assembled instructions.
 */
import type { Insn } from '../isa/insn.js';
import type { MapDef } from '../maps/types.js';
import type { Btf } from '../loader/btf.js';
import type { BtfAttach } from './btf-progtype.js';

/** A map as the verifier needs it (the loader's `MapDef`). */
export type MapInfo = Pick<MapDef, 'name' | 'type' | 'keySize' | 'valueSize' | 'maxEntries' | 'flags'> & {
  inner?: MapInfo;
  /** Global-data maps (`.rodata` …) hold their initial bytes; read-only ones may be constant-folded. */
  initial?: Uint8Array;
  /** The map was created with BTF for its value (libbpf's BTF-defined and global-data maps). */
  hasBtf?: boolean;
  /** Offset of the value's `struct bpf_spin_lock`, from the map's BTF (see locks.ts). */
  spinLockOffset?: number;
};

/** A global function's argument as its BTF prototype types it (`btf_prepare_func_args`). */
export type GlobalArg = { kind: 'scalar' } | { kind: 'ctx' } | { kind: 'mem'; size: number };

export interface GlobalFunc {
  /** First slot of the function in the linked program. */
  slot: number;
  name: string;
  args: GlobalArg[];
  /** Why tsbpf does not model this prototype (the program is then refused). */
  unsupported?: string;
}

export interface VerifierProgram {
  /** Logical instructions (LD_IMM64 is one entry, two slots). */
  insns: Insn[];
  /** Program type in libbpf's spelling: `socket_filter`, `xdp`, `sched_cls`, `kprobe`, … */
  progType: string;
  /** Maps referenced by LD_IMM64 src=1/2 (imm = index into this list). */
  maps?: MapInfo[];
  /** The ELF `license` string; GPL-only helpers need a GPL-compatible one. */
  license?: string;
  expectedAttachType?: string | null;
  /**
   * BTF func_info was loaded with the program and marks some called subprograms as global
   * functions; the kernel verifies those separately against their BTF prototypes. Without
   * `globalFuncs` (which says which ones and how) such programs are refused.
   */
  globalSubprogs?: boolean;
  /**
   * The global functions with their BTF argument kinds (see globalfunc.ts). When given, calls to
   * them are checked like the kernel does instead of refusing the program.
   */
  globalFuncs?: GlobalFunc[];
  /** BTF line info by slot (printed as `; source @ file:line`), when the loader passed BTF. */
  lineInfo?: { insn: number; text: string }[];
  /** Lines the kernel logs while reading BTF func info, before verification (see lineinfo.ts). */
  btfNotes?: string[];
  /** `tracing` and `struct_ops` programs: what they attach to (needs `VerifyOptions.kernelBtf`). */
  attach?: BtfAttach;
}

export interface VerifyOptions {
  /** 0: no log (verdict only), 1: the failing path, 2: everything. Default 1. */
  logLevel?: 0 | 1 | 2;
  /** The instruction budget (the kernel's BPF_COMPLEXITY_LIMIT_INSNS). */
  insnLimit?: number;
  /** The kernel's vmlinux BTF (src/node/kernel-btf.ts in Node): types BTF-typed programs and pointers. */
  kernelBtf?: Btf;
}

export interface VerifyResult {
  accepted: boolean;
  /** The log text exactly as the kernel writes it (ends with the statistics line). */
  log: string;
  /** Index (slot) of the failing instruction, -1 for structural errors or success. */
  errorPc: number;
  /** Closing error line(s), empty on success. */
  error: string[];
  /** The kernel's errno name for the rejection: EACCES, EINVAL, E2BIG, … */
  errno: string | null;
  insnProcessed: number;
  maxStatesPerInsn: number;
  totalStates: number;
  peakStates: number;
}
