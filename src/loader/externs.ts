/**
 * `__ksym` externs resolved against the kernel's BTF, as libbpf 1.1 does
 * (`bpf_object__resolve_externs`, `bpf_object__relocate_data`):
 *
 * - a typed variable (`extern const struct rq runqueues __ksym`) must exist as a VAR in the kernel
 *   BTF with a compatible type; its LD_IMM64 becomes `src=3 (BPF_PSEUDO_BTF_ID), imm=<kernel id>`;
 * - a kfunc call (`bpf_task_acquire(...)` declared `__ksym`) must name a kernel FUNC with a
 *   compatible prototype; the call becomes `src=2 (BPF_PSEUDO_KFUNC_CALL), imm=<kernel id>`;
 * - a `__weak` extern that the kernel lacks stays unresolved: the variable loads the constant 0,
 *   the kfunc call keeps imm 0;
 * - a typeless `extern const void x __ksym` is an address from /proc/kallsyms, which a model of
 *   the kernel does not have: it loads 0 (what libbpf gives an unresolved weak symbol).
 * A missing or incompatible strong extern is a `LoadError`, as libbpf fails the load.
 * `.kconfig` externs are not touched here (see the verifier's kconfig map).
 */
import { LoadError } from '../errors.js';
import type { Insn } from '../isa/index.js';
import { type Btf, BTF_KIND } from './btf.js';
import { CoreError, skipModsAndTypedefs, typesCompatible } from './core-match.js';

const CALL = 0x85;
const LDDW = 0x18;
const PSEUDO_BTF_ID = 3;
const PSEUDO_KFUNC_CALL = 2;

export interface ExternRef { insn: number; name: string }

const nameIndexes = new WeakMap<Btf, Map<string, number>>();

/** `btf__find_by_name_kind`: the first type of that name and kind. */
export function findByNameKind(btf: Btf, name: string, kind: number): number | undefined {
  let index = nameIndexes.get(btf);
  if (!index) {
    index = new Map();
    for (const t of btf.types) {
      const key = `${t.kind}:${t.name}`;
      if (t.name !== '' && !index.has(key)) index.set(key, t.id);
    }
    nameIndexes.set(btf, index);
  }
  return index.get(`${kind}:${name}`);
}

/** The object's BTF VAR or FUNC declaring extern `name`. */
function localDeclaration(btf: Btf, name: string): { kind: number; typeId: number } | undefined {
  const sec = btf.datasec('.ksyms');
  for (const v of sec?.vars ?? []) {
    const t = btf.get(v.type);
    if (t.name === name) return { kind: t.kind, typeId: t.sizeOrType };
  }
  const fn = btf.types.find((t) => t.kind === BTF_KIND.FUNC && t.name === name);
  return fn ? { kind: BTF_KIND.FUNC, typeId: fn.sizeOrType } : undefined;
}

function compatible(local: Btf, localId: number, kernel: Btf, kernelId: number): boolean {
  try {
    const l = skipModsAndTypedefs(local, localId);
    const k = skipModsAndTypedefs(kernel, kernelId);
    return !!l && !!k && typesCompatible(local, l.id, kernel, k.id);
  } catch (e) {
    if (e instanceof CoreError) return false;
    throw e;
  }
}

/**
 * Resolves the `__ksym` externs of one linked program; returns new instructions (the input is not
 * changed). `weak` names the externs whose ELF symbol is STB_WEAK.
 */
export function resolveKsyms(insns: Insn[], externs: ExternRef[], local: Btf, kernel: Btf, weak: Set<string>, where: string): Insn[] {
  const out = insns.slice();
  for (const e of externs) {
    const insn = out[e.insn];
    if (!insn) continue;
    const decl = localDeclaration(local, e.name);
    if (!decl) continue; // .kconfig and others
    if (insn.code === CALL && insn.src === PSEUDO_KFUNC_CALL) {
      const id = findByNameKind(kernel, e.name, BTF_KIND.FUNC);
      const ok = id !== undefined && compatible(local, decl.typeId, kernel, kernel.get(id).sizeOrType);
      if (id === undefined && !weak.has(e.name)) throw new LoadError(`extern (func ksym) '${e.name}': not found in kernel BTF`, where);
      if (id !== undefined && !ok) {
        if (!weak.has(e.name)) throw new LoadError(`extern (func ksym) '${e.name}': func_proto [${decl.typeId}] incompatible with the kernel's [${kernel.get(id).sizeOrType}]`, where);
      }
      out[e.insn] = { ...insn, imm: ok ? id! : 0, off: 0 };
      continue;
    }
    if (insn.code !== LDDW) continue;
    if (decl.kind === BTF_KIND.FUNC) {
      // A kfunc's address (`bpf_ksym_exists(kfunc)`): its BTF id, or the constant 0 when weak and missing.
      const id = findByNameKind(kernel, e.name, BTF_KIND.FUNC);
      const ok = id !== undefined && compatible(local, decl.typeId, kernel, kernel.get(id).sizeOrType);
      if (!ok && !weak.has(e.name)) throw new LoadError(`extern (func ksym) '${e.name}': not found in kernel BTF`, where);
      out[e.insn] = ok ? { ...insn, src: PSEUDO_BTF_ID, imm: id!, hi: 0 } : { ...insn, src: 0, imm: 0, hi: 0 };
      continue;
    }
    if (decl.kind !== BTF_KIND.VAR) continue;
    const typeless = skipModsAndTypedefs(local, decl.typeId)?.t.kind === BTF_KIND.UNKN;
    if (typeless) {
      out[e.insn] = { ...insn, src: 0, imm: 0, hi: 0 };
      continue;
    }
    const id = findByNameKind(kernel, e.name, BTF_KIND.VAR);
    if (id === undefined) {
      if (!weak.has(e.name)) throw new LoadError(`extern (var ksym) '${e.name}': not found in kernel BTF`, where);
      out[e.insn] = { ...insn, src: 0, imm: 0, hi: 0 };
      continue;
    }
    const kernelType = kernel.get(id).sizeOrType;
    if (!compatible(local, decl.typeId, kernel, kernelType)) {
      throw new LoadError(`extern (var ksym) '${e.name}': incompatible types, expected [${decl.typeId}] but kernel has [${kernelType}]`, where);
    }
    out[e.insn] = { ...insn, src: PSEUDO_BTF_ID, imm: id, hi: 0 };
  }
  return out;
}
