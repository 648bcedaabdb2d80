/**
 * `analyze`: what the editor shows beside the source — diagnostics at line/column, the program list
 * of an object, the disassembly in llvm-objdump and verifier-log styles (one row per instruction,
 * linked to its source line), and for classic programs and filters the `tcpdump -d` listing.
 */
import type { SockFilter } from '../../../src/isa/classic.js';
import type { Insn } from '../../../src/isa/insn.js';
import { loadObject } from '../../../src/loader/index.js';
import { mapTypeName, type MapDef } from '../../../src/maps/types.js';
import { formatTcpdump, formatTcpdumpLine } from '../../../src/text/classic-disasm.js';
import { formatKernel } from '../../../src/text/kernel-disasm.js';
import { formatLlvm } from '../../../src/text/llvm-disasm.js';
import type { AnalyzeResult, ClassicLine, Diagnostic, DisasmLine, Options, ProgramInput } from './api.js';
import { diagnostic } from './errors.js';
import { type Program, resolveProgram, slotsOf } from './inputs.js';

/** Which stage an input kind's errors come from. */
const SOURCE: Record<ProgramInput['kind'], Diagnostic['source']> = {
  'ebpf-asm': 'assembler', 'classic-asm': 'assembler', filter: 'filter', object: 'loader',
};

export function disassemble(insns: readonly Insn[], lines?: readonly (number | undefined)[]): DisasmLine[] {
  const pcs = slotsOf(insns);
  return insns.map((insn, n) => {
    const line = lines?.[n];
    return {
      pc: pcs[n]!, llvm: formatLlvm(insn, { distinguishCalls: true }), kernel: formatKernel(insn),
      ...(line !== undefined ? { line } : {}),
    };
  });
}

export function classicListing(prog: readonly SockFilter[], lines?: readonly (number | undefined)[]): ClassicLine[] {
  return prog.map((i, pc) => {
    const line = lines?.[pc];
    return { pc, code: i.code, jt: i.jt, jf: i.jf, k: i.k, text: formatTcpdumpLine(i, pc), ...(line !== undefined ? { line } : {}) };
  });
}

const mapRow = (m: MapDef): AnalyzeResult['maps'][number] =>
  ({ name: m.name, type: mapTypeName(m.type) ?? `type ${m.type}`, keySize: m.keySize, valueSize: m.valueSize, maxEntries: m.maxEntries });

function describe(program: Program): AnalyzeResult {
  if (program.flavor === 'classic') {
    return {
      ok: true, diagnostics: [], flavor: 'classic', progType: 'socket_filter', programs: [], disasm: [],
      classic: classicListing(program.prog, program.lines), classicText: formatTcpdump(program.prog), maps: [],
    };
  }
  return {
    ok: true, diagnostics: [], flavor: 'ebpf', progType: program.progType, programs: program.programs,
    ...(program.object ? { selected: program.object.program.name } : {}),
    disasm: disassemble(program.insns, program.lines), classic: [], maps: program.maps.map(mapRow),
  };
}

/** An object that failed to load may still list its programs (when only the chosen one is bad). */
function programsOf(input: ProgramInput): AnalyzeResult['programs'] {
  if (input.kind !== 'object') return [];
  try {
    return loadObject(input.bytes, { file: input.name ?? 'program.o' }).programs.map((p) => ({ name: p.name, section: p.section, type: p.type, slots: p.slots }));
  } catch {
    return [];
  }
}

export function analyze(input: ProgramInput, options?: Options): AnalyzeResult {
  try {
    return describe(resolveProgram(input, options));
  } catch (e) {
    const flavor = input.kind === 'classic-asm' || input.kind === 'filter' ? 'classic' : 'ebpf';
    return {
      ok: false, diagnostics: [diagnostic(e, SOURCE[input.kind])], flavor, progType: options?.progType ?? 'socket_filter',
      programs: programsOf(input), disasm: [], classic: [], maps: [],
    };
  }
}
