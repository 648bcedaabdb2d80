/**
 * From what the user gave (assembly text, a filter expression, an ELF object) to a program the
 * other session modules work on: instructions, program type, maps, and for text inputs the source
 * line of each instruction. Errors are the core's typed errors (AsmError, CaseError, FilterError,
 * LoadError, DecodeError) or an InputError with a line and column, thrown; analyze turns them into
 * diagnostics.
 */
import { compileFilter, FilterError } from '../../../src/filter/index.js';
import type { SockFilter } from '../../../src/isa/classic.js';
import type { Insn } from '../../../src/isa/insn.js';
import { type Btf, parseBtf } from '../../../src/loader/btf.js';
import { loadObject } from '../../../src/loader/index.js';
import type { BpfObject, LoadedProgram } from '../../../src/loader/object.js';
import { PROG_TYPE_ID, type ProgTypeName } from '../../../src/loader/sections.js';
import type { MapDef } from '../../../src/maps/types.js';
import { guessSyntax, assembleText } from '../../../src/text/assemble.js';
import { assembleCase, type CaseHeader, expandMapRefs, parseCaseHeader, statementOnLine } from '../../../src/text/case-file.js';
import { parseClassicProgram } from '../../../src/text/classic-disasm.js';
import type { ObjectProgram, Options, ProgramInput } from './api.js';
import { InputError, lineColumnOf } from './errors.js';

/** The name the editor's text goes by in messages (`program.s:3:7: …`). */
export const SOURCE_NAME = 'program.s';

export interface EbpfProgram {
  flavor: 'ebpf';
  insns: Insn[];
  progType: string;
  license: string;
  maps: MapDef[];
  /** 1-based source line of each logical instruction (assembly inputs whose lines map one to one). */
  lines: (number | undefined)[] | undefined;
  /** ELF inputs: the object, its bytes, and the chosen program's index. */
  object?: { object: BpfObject; bytes: Uint8Array; name: string; index: number; program: LoadedProgram };
  programs: ObjectProgram[];
}

export interface ClassicProgram {
  flavor: 'classic';
  prog: SockFilter[];
  lines: (number | undefined)[] | undefined;
  /** Filter expressions are compiled per link type when run; this is the listing's link type. */
  filter?: { text: string; linkType: string | number };
}

export type Program = EbpfProgram | ClassicProgram;

/** The program type in effect: the option, else the input's own. */
function progTypeOf(options: Options | undefined, own: string): string {
  const t = options?.progType;
  if (t === undefined || t === '') return own;
  if (!(t in PROG_TYPE_ID)) throw new InputError(`unknown program type '${t}' (one of ${Object.keys(PROG_TYPE_ID).join(', ')})`);
  return t;
}

/**
 * Which source line each instruction came from: the i-th instruction is on the i-th line holding a
 * statement, when there are exactly as many such lines as instructions (one instruction per line,
 * as the case files and llvm-objdump listings are written); otherwise unknown.
 */
export function statementLines(text: string, count: number): (number | undefined)[] | undefined {
  const lines: number[] = [];
  text.split('\n').forEach((l, n) => {
    if (statementOnLine(l)) lines.push(n + 1);
  });
  return lines.length === count ? lines : undefined;
}

function assembleEbpf(text: string, options: Options | undefined): EbpfProgram {
  const header: CaseHeader = parseCaseHeader(text, SOURCE_NAME);
  const insns = guessSyntax(text) === 'conformance'
    ? assembleText(text, SOURCE_NAME, 'conformance')
    : assembleCase(text, header.maps, SOURCE_NAME);
  const maps: MapDef[] = header.maps.map((m) => ({
    name: m.name, type: m.type, keySize: m.keySize, valueSize: m.valueSize, maxEntries: m.maxEntries, flags: m.flags,
    section: 'directives', offset: 0,
  }));
  return {
    flavor: 'ebpf', insns, progType: progTypeOf(options, header.type ?? 'socket_filter'), license: header.license, maps,
    lines: statementLines(expandMapRefs(text, header.maps, SOURCE_NAME), insns.length), programs: [],
  };
}

function loadEbpfObject(input: Extract<ProgramInput, { kind: 'object' }>, options: Options | undefined): EbpfProgram {
  const name = input.name ?? 'program.o';
  const kernel = options?.kernelBtf;
  const object = loadObject(input.bytes, { file: name, ...(kernel ? { kernelBtf: () => kernelBtfOf(kernel) } : {}) });
  const programs = object.programs.map((p) => ({ name: p.name, section: p.section, type: p.type, slots: p.slots }));
  if (object.programs.length === 0) {
    const why = object.refused[0];
    throw why ? why.error : new InputError(`${name}: the object holds no program`);
  }
  const index = input.program === undefined ? 0 : object.programs.findIndex((p) => p.name === input.program || p.section === input.program);
  const program = object.programs[index];
  if (!program) throw new InputError(`${name}: no program ${input.program} (programs: ${programs.map((p) => p.name).join(', ')})`);
  return {
    flavor: 'ebpf', insns: program.insns, progType: progTypeOf(options, program.type), license: object.license,
    maps: object.maps, lines: undefined, object: { object, bytes: input.bytes, name, index, program }, programs,
  };
}

/**
 * The kernel BTF, parsed once per worker: every request carries its own copy of the bytes, so the
 * last one parsed is recognised by its length and a sample of its bytes.
 */
let parsedKernelBtf: { key: string; btf: Btf } | undefined;

function kernelBtfOf(bytes: Uint8Array): Btf {
  const sample = Array.from({ length: 64 }, (_, i) => bytes[Math.floor((i * bytes.length) / 64)] ?? 0).join(',');
  const key = `${bytes.length}:${sample}`;
  if (parsedKernelBtf?.key !== key) parsedKernelBtf = { key, btf: parseBtf(bytes, true) };
  return parsedKernelBtf.btf;
}

/** A classic program in any text format the classic readers know; the kernel's check is verify's job. */
function assembleClassic(text: string): ClassicProgram {
  const prog = parseClassicProgram(text, SOURCE_NAME);
  return { flavor: 'classic', prog, lines: statementLines(text, prog.length) };
}

/**
 * A filter expression as `tsbpf compile` / `tcpdump -d` compile it. The editor may wrap it over
 * lines; newlines are spaces to the compiler, and a column in the error maps back to line:column.
 */
function compileExpression(text: string, linkType: string | number = 'EN10MB'): ClassicProgram {
  const flat = text.replace(/\n/g, ' ');
  try {
    const prog = compileFilter(flat, { linkType });
    return { flavor: 'classic', prog, lines: undefined, filter: { text: flat, linkType } };
  } catch (e) {
    if (e instanceof FilterError && e.column > 0) {
      const at = lineColumnOf(text, e.column - 1);
      throw new InputError(e.detail, at.line, at.column, 'filter');
    }
    throw e;
  }
}

export function resolveProgram(input: ProgramInput, options?: Options): Program {
  switch (input.kind) {
    case 'ebpf-asm': return assembleEbpf(input.text, options);
    case 'object': return loadEbpfObject(input, options);
    case 'classic-asm': return assembleClassic(input.text);
    case 'filter': return compileExpression(input.text, input.linkType);
  }
}

/** The instruction slot (pc) of each logical instruction: LD_IMM64 takes two. */
export function slotsOf(insns: readonly Insn[]): number[] {
  const pcs: number[] = [];
  let pc = 0;
  for (const i of insns) {
    pcs.push(pc);
    pc += i.hi === undefined ? 1 : 2;
  }
  return pcs;
}

/** Source line of the instruction at slot `pc`, when known. */
export function lineOfPc(program: Program, pc: number): number | undefined {
  if (!program.lines) return undefined;
  if (program.flavor === 'classic') return program.lines[pc];
  const index = slotsOf(program.insns).indexOf(pc);
  return index < 0 ? undefined : program.lines[index];
}

/** The program as an object: its own for ELF inputs; assembly as a one-program object with its maps. */
export function asObject(program: EbpfProgram): BpfObject {
  if (program.object) return program.object.object;
  const slots = program.insns.reduce((n, i) => n + (i.hi === undefined ? 1 : 2), 0);
  return {
    programs: [{ name: 'program', section: program.progType, function: null, type: program.progType as ProgTypeName, typeFrom: 'guess', insns: program.insns, slots, externs: [] }],
    refused: [], maps: program.maps, license: program.license, version: undefined, littleEndian: true, btf: undefined,
  };
}
