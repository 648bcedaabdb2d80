/**
 * The verifier's input for a program of an ELF object, prepared as a libbpf load prepares it: the
 * `.kconfig` map, map value BTF (spin locks, timers), — as libbpf passes BTF func_info — the
 * global functions, verified on their own against their BTF prototypes, and for `tracing` and
 * `struct_ops` programs the attach target (attach.ts; verifying them also needs
 * `VerifyOptions.kernelBtf`, see `needsKernelBtf`). Shared by `tsbpf verify` and the web playground.
 */
import { BTF_KIND, type Btf } from '../loader/btf.js';
import { parseElf } from '../loader/elf.js';
import type { BpfObject, LoadedProgram } from '../loader/object.js';
import { programAttach } from './attach.js';
import { globalFuncs } from './globalfunc.js';
import { type KernelConfig, withKconfigMap } from './kconfig.js';
import { withMapBtf } from './locks.js';
import type { VerifierProgram } from './program.js';

export interface ObjectInputOptions {
  /** Program type instead of the one the section name gives. */
  type?: string;
  license?: string;
  /**
   * The kernel's BTF, where libbpf looks up a struct_ops member's index by name (optional: the
   * object's own index is used without it; a function is called only for struct_ops programs).
   */
  kernelBtf?: Btf | (() => Btf);
  /** The kernel's configuration: libbpf's `.kconfig` values, folded by the verifier (kconfig.ts). */
  kernelConfig?: KernelConfig;
}

export function objectVerifierProgram(bytes: Uint8Array, obj: BpfObject, prog: LoadedProgram, options: ObjectInputOptions = {}): VerifierProgram {
  const { insns, maps } = withKconfigMap({ ...obj, maps: withMapBtf(obj.maps, obj.btf) }, prog.insns, prog.externs, options.kernelConfig);
  const progType = options.type ?? prog.type;
  const attach = progType === 'tracing' || progType === 'struct_ops' ? programAttach(parseElf(bytes), obj.btf, prog, progType, options.kernelBtf) : undefined;
  return {
    insns, progType, maps, license: options.license ?? obj.license, ...(attach ? { attach } : {}),
    ...globalFunctionsOf(bytes, obj, prog, progType),
  };
}

/** Whether `verify` needs `VerifyOptions.kernelBtf` for this program (BTF-typed context). */
export function needsKernelBtf(program: VerifierProgram): boolean {
  // Also kfunc calls and kernel symbols (`call` src 2, `ld_imm64` src 3).
  return program.attach !== undefined || program.insns.some((i) => (i.code === 0x85 && i.src === 2) || (i.code === 0x18 && i.src === 3));
}

/**
 * As a libbpf load passes BTF func_info: a subprogram whose BTF FUNC has global linkage is verified
 * on its own against its prototype, except `__hidden` functions (STV_HIDDEN), which libbpf loads as
 * static.
 */
function globalFunctionsOf(bytes: Uint8Array, obj: BpfObject, prog: LoadedProgram, progType: string): Pick<VerifierProgram, 'globalSubprogs' | 'globalFuncs'> {
  const btf = obj.btf;
  if (!btf || !btf.types.some((t) => t.kind === BTF_KIND.FUNC && t.vlen === 1 && t.name !== prog.function)) return {};
  const STT_FUNC = 2;
  const STV_HIDDEN = 2;
  const hidden = new Set(parseElf(bytes).symbols.filter((s) => s.type === STT_FUNC && s.visibility === STV_HIDDEN).map((s) => s.name));
  return { globalSubprogs: true, ...(prog.subprogs ? { globalFuncs: globalFuncs(btf, prog.subprogs, progType, hidden) } : {}) };
}
