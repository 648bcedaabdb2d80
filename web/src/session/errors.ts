/**
 * Errors as plain data for the page: every typed core error keeps its location (line/column, pc,
 * byte offset); anything else (a bug) still becomes words, never a raw exception across the worker
 * boundary.
 */
import { AsmError, DecodeError, LoadError, PcapError, TsbpfError, VmError } from '../../../src/errors.js';
import { CaseError } from '../../../src/text/case-file.js';
import type { Diagnostic, ErrorInfo } from './api.js';

/** An error with a line/column that the core does not type (the session's own input errors). */
export class InputError extends TsbpfError {
  override readonly name = 'InputError';
  readonly line: number | undefined;
  readonly column: number | undefined;
  constructor(detail: string, line?: number, column?: number, file = 'program') {
    super(detail, line === undefined ? '' : `${file}:${line}${column === undefined ? '' : `:${column}`}`);
    this.line = line;
    this.column = column;
  }
}

/** 1-based line and column of a character offset in a text. */
export function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export function errorInfo(e: unknown): ErrorInfo {
  if (!(e instanceof Error)) return { message: String(e) };
  const info: ErrorInfo = { message: e.message, kind: e.name };
  if (e instanceof AsmError) {
    info.line = e.line;
    info.column = e.column;
  } else if (e instanceof CaseError) {
    if (e.line > 0) info.line = e.line;
  } else if (e instanceof InputError) {
    if (e.line !== undefined) info.line = e.line;
    if (e.column !== undefined) info.column = e.column;
  } else if (e instanceof DecodeError || e instanceof VmError) {
    info.pc = e.pc;
  } else if (e instanceof PcapError) {
    info.offset = e.offset;
  } else if (e instanceof LoadError) {
    if (e.offset !== undefined) info.offset = e.offset;
  } else if (!(e instanceof TsbpfError)) {
    // Not one of ours: say so plainly rather than showing a bare "undefined is not a function".
    info.message = `internal error: ${e.message}`;
  }
  return info;
}

export function diagnostic(e: unknown, source: Diagnostic['source']): Diagnostic {
  return { severity: 'error', source, ...errorInfo(e) };
}
