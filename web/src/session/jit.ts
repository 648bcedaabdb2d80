/**
 * `jitWat`: the WebAssembly the JIT generates for the program, as `tsbpf jit --dump` prints it for
 * an object's program (`;; section/name` and the module's WAT, each basic block annotated with its
 * eBPF instructions; map references as the address 0, helpers by id), or the JIT's reason when it
 * cannot compile the program.
 */
import type { Insn } from '../../../src/isa/insn.js';
import { JitVm } from '../../../src/jit/engine.js';
import { HelperTable } from '../../../src/vm/helpers.js';
import type { JitResult, Options, ProgramInput } from './api.js';
import { resolveProgram, SOURCE_NAME } from './inputs.js';

/** A helper table that accepts every id the program calls (dumping needs no helper to run), as `tsbpf jit` builds it. */
function stubHelpers(insns: readonly Insn[]): HelperTable {
  const t = new HelperTable();
  for (const i of insns) if (i.code === 0x85 && i.src === 0) t.register(i.imm, `helper_${i.imm}`, () => 0n);
  return t;
}

export function jitWat(input: ProgramInput, options?: Options): JitResult {
  const program = resolveProgram(input, options);
  if (program.flavor === 'classic') return { note: 'classic programs are compiled to JavaScript (src/classic-jit), not to WebAssembly' };
  const name = program.object ? `${program.object.program.section}/${program.object.program.name}` : SOURCE_NAME;
  const jit = new JitVm(program.insns, { helpers: stubHelpers(program.insns), resolveImm64: () => 0n, wat: true });
  if (jit.engine !== 'jit' || !jit.module) return { note: `${name}: ${jit.note ?? 'not compiled'}` };
  return { wat: `;; ${name}\n${jit.module.wat ?? ''}` };
}
