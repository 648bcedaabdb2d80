/**
 * Reader for the `.data` test files of bpf_conformance and uBPF (conformance README §2 and §7):
 * sections `-- asm`, `-- raw`, `-- mem`, `-- result`, `-- error`, `-- error pattern`, and uBPF's
 * `@ FILE` includes. Unknown sections are kept by name and otherwise ignored.
 */
import { AsmError } from '../errors.js';
import { decode } from '../isa/codec.js';
import type { Insn } from '../isa/insn.js';
import { assembleConformance } from './conformance.js';

export interface ConformanceTest {
  file: string;
  /** Section headers in file order (text after `--`, trimmed). */
  sections: string[];
  /** Assembly source with the file's own line numbers (other lines blank), if any. */
  asm?: string;
  /** Program from a `raw` section (used instead of `asm` when present). */
  raw?: Insn[];
  /** The raw section's bytes, kept so validation can see the second slot of each LD_IMM64. */
  rawBytes?: Uint8Array;
  mem?: Uint8Array;
  result?: bigint;
  /** Expected error text; '' for an empty `-- error` section (any failure). */
  error?: string;
  errorPattern?: string;
}

type SectionType = 'asm' | 'result' | 'mem' | 'raw' | 'error pattern' | 'error' | 'other';

/** The reference parser's substring rules, in its order (uBPF's `error pattern` first). */
function sectionType(header: string): SectionType {
  if (header.includes('asm')) return 'asm';
  if (header.includes('result')) return 'result';
  if (header.includes('mem')) return 'mem';
  if (header.includes('raw')) return 'raw';
  if (header.includes('error pattern')) return 'error pattern';
  if (header.includes('no register offset') || header.includes(' c')) return 'other';
  if (header.includes('error')) return 'error';
  return 'other';
}

interface Section { type: SectionType; header: string; lines: { text: string; line: number }[]; include?: string }

/**
 * Parses a test file. `readInclude` resolves `-- asm @ FILE` / `-- mem @ FILE` (relative to the
 * test's folder); without it such sections are empty.
 */
export function parseConformanceData(text: string, file: string, readInclude?: (name: string) => string): ConformanceTest {
  const sections: Section[] = [];
  text.split('\n').forEach((raw, index) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const hash = line.indexOf('#');
    if (hash >= 0) line = line.slice(0, hash);
    if (line.includes('--')) {
      const header = line.slice(line.indexOf('--') + 2).trim();
      const at = /@\s*(\S+)\s*$/.exec(header);
      const section: Section = { type: sectionType(line), header, lines: [] };
      if (at) section.include = at[1]!;
      sections.push(section);
      return;
    }
    if (line.trim() && sections.length > 0) sections[sections.length - 1]!.lines.push({ text: line, line: index + 1 });
  });

  const test: ConformanceTest = { file, sections: sections.map((s) => s.header) };
  for (const s of sections) {
    let lines = s.lines;
    if (s.include && readInclude) {
      lines = readInclude(s.include).split('\n').map((t, k) => ({ text: t.replace(/#.*$/, '').replace(/\r$/, ''), line: k + 1 }))
        .filter((l) => l.text.trim());
    }
    const last = lines.length ? lines[lines.length - 1]!.text.trim() : '';
    switch (s.type) {
      case 'asm': {
        const out: string[] = [];
        for (const l of lines) {
          while (out.length < l.line - 1) out.push('');
          out.push(l.text);
        }
        test.asm = out.join('\n');
        break;
      }
      case 'raw': test.rawBytes = parseRaw(lines, file); test.raw = decode(test.rawBytes); break;
      case 'mem': test.mem = parseMem(lines.map((l) => l.text)); break;
      case 'result': test.result = BigInt.asUintN(64, /0x/i.test(last) ? BigInt(last.toLowerCase().replace(/^(-?)0x/, '$10x')) : BigInt(last)); break;
      case 'error': test.error = last; break;
      case 'error pattern': test.errorPattern = last; break;
      case 'other': break;
    }
  }
  return test;
}

/** The program of a test: the raw section if present, else the assembled asm. */
export function conformanceProgram(test: ConformanceTest): Insn[] | undefined {
  if (test.raw) return test.raw;
  if (test.asm !== undefined) return assembleConformance(test.asm, test.file);
  return undefined;
}

/** Hex bytes; anything up to the last `:` on a line is an offset label (uBPF hexdumps). */
function parseMem(lines: string[]): Uint8Array {
  const digits = lines.map((l) => l.slice(l.lastIndexOf(':') + 1).replace(/\s+/g, '')).join('');
  const out = new Uint8Array(digits.length >> 1);
  for (let k = 0; k < out.length; k++) out[k] = parseInt(digits.slice(2 * k, 2 * k + 2), 16);
  return out;
}

/**
 * Raw programs: either 64-bit numbers (one per slot, stored little-endian) or, in the negative
 * tests, lines of eight hex bytes.
 */
function parseRaw(lines: { text: string; line: number }[], file: string): Uint8Array {
  const bytes: number[] = [];
  for (const l of lines) {
    const tokens = l.text.trim().split(/\s+/);
    if (tokens.length === 8 && tokens.every((t) => /^[0-9a-f]{2}$/i.test(t))) {
      for (const t of tokens) bytes.push(parseInt(t, 16));
      continue;
    }
    for (const t of tokens) {
      if (!/^(0x[0-9a-f]+|\d+)$/i.test(t)) throw new AsmError(`invalid raw instruction: ${t}`, file, l.line, l.text.indexOf(t) + 1);
      let v = BigInt.asUintN(64, BigInt(t));
      for (let k = 0; k < 8; k++) { bytes.push(Number(v & 0xffn)); v >>= 8n; }
    }
  }
  return new Uint8Array(bytes);
}
