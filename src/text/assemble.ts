/**
 * eBPF assembly in either syntax: the conformance suite's (`mov32 %r0, 1`) or the C-like one that
 * llvm-objdump and the kernel log print (`w0 = 1`), picked from the content. Shared by the CLI
 * (`tsbpf asm`, `run`, `verify`, …) and the web playground.
 */
import { TsbpfError } from '../errors.js';
import type { Insn } from '../isa/insn.js';
import { assembleConformance } from './conformance.js';
import { assembleLlvm } from './llvm-asm.js';

export type Syntax = 'conformance' | 'llvm';

/** The syntax the text is written in, when its content says so. */
export function guessSyntax(text: string): Syntax | undefined {
  const code = text.replace(/(^|\s)(#|\/\/|;).*$/gm, '');
  if (/%r\d/.test(code)) return 'conformance';
  if (/(^|\s)[rw]\d+\s*(?:s?>>|<<|s\/|s%|[-+*/|&^%])?=|\bgoto\b|\*\(|^\s*\d+:\s/m.test(code)) return 'llvm';
  return undefined;
}

/** Assembles in the given syntax, or guesses; with no clue, the syntax that read further wins. */
export function assembleText(text: string, file: string, syntax = guessSyntax(text)): Insn[] {
  if (syntax === 'conformance') return assembleConformance(text, file);
  if (syntax === 'llvm') return assembleLlvm(text, file);
  let first: unknown;
  try {
    return assembleConformance(text, file);
  } catch (e) {
    first = e;
  }
  try {
    return assembleLlvm(text, file);
  } catch (e) {
    const line = (x: unknown) => (x instanceof TsbpfError && 'line' in x ? Number(x.line) : 0);
    throw line(e) > line(first) ? e : first;
  }
}
