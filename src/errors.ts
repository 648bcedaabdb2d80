/**
 * The typed error family. Each error carries where it happened so the CLI can print
 * `tsbpf: <where>: <message>` without a stack trace.
 */
export abstract class TsbpfError extends Error {
  /** The message without its location. */
  readonly detail: string;
  /** Location prefix, e.g. `prog.s:3:7`, `pc 12`, `offset 28`; empty when there is none. */
  readonly where: string;
  constructor(detail: string, where: string) {
    super(where ? `${where}: ${detail}` : detail);
    this.detail = detail;
    this.where = where;
  }
}

/** Assembler error at a source position (1-based line and column). */
export class AsmError extends TsbpfError {
  override readonly name = 'AsmError';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  constructor(detail: string, file: string, line: number, column: number) {
    super(detail, `${file}:${line}:${column}`);
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/** Malformed bytecode: decoding or structural validation failed at an instruction. */
export class DecodeError extends TsbpfError {
  override readonly name = 'DecodeError';
  readonly pc: number;
  constructor(detail: string, pc: number) {
    super(detail, `pc ${pc}`);
    this.pc = pc;
  }
}

/** An object file could not be loaded: names the section (or byte offset) and the reason. */
export class LoadError extends TsbpfError {
  override readonly name = 'LoadError';
  readonly section: string;
  readonly offset: number | undefined;
  constructor(detail: string, section: string, offset?: number) {
    super(detail, offset === undefined ? section : `${section}+0x${offset.toString(16)}`);
    this.section = section;
    this.offset = offset;
  }
}

/** The verifier rejected the program; `log` is the kernel-format verifier log. */
export class VerifierError extends TsbpfError {
  override readonly name = 'VerifierError';
  readonly pc: number;
  readonly log: string;
  constructor(detail: string, pc: number, log: string) {
    super(detail, `pc ${pc}`);
    this.pc = pc;
    this.log = log;
  }
}

export type VmErrorKind =
  | 'out-of-bounds' // access outside any mapped region or past its end
  | 'read-only' // store to a region without write permission
  | 'null' // access to region 0
  | 'instruction-limit'
  | 'call-depth'
  | 'unknown-helper'
  | 'helper-error' // a helper refused its arguments
  | 'bad-jump' // control left the program
  | 'tail-call';

/** A run-time fault: kind, the pc of the faulting instruction and, for memory faults, address and size. */
export class VmError extends TsbpfError {
  override readonly name = 'VmError';
  readonly kind: VmErrorKind;
  readonly pc: number;
  readonly address: bigint | undefined;
  readonly size: number | undefined;
  constructor(kind: VmErrorKind, detail: string, pc: number, address?: bigint, size?: number) {
    super(detail, `pc ${pc}`);
    this.kind = kind;
    this.pc = pc;
    this.address = address;
    this.size = size;
  }
}

/** A capture file is truncated or corrupt at a byte offset. */
export class PcapError extends TsbpfError {
  override readonly name = 'PcapError';
  readonly offset: number;
  constructor(detail: string, offset: number) {
    super(detail, `offset ${offset}`);
    this.offset = offset;
  }
}
