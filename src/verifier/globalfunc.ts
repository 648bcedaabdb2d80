/**
 * Global functions (BTF linkage `global`): the kernel verifies each one once, on its own, against
 * its BTF prototype (`btf_prepare_func_args`), and a call to it only checks the arguments against
 * that prototype (`btf_check_func_arg_match`). This module turns a prototype into argument kinds:
 * an int or enum is a scalar (ARG_ANYTHING), a pointer to the program type's context struct is the
 * context (ARG_PTR_TO_CTX), any other pointer to a sized type is nullable memory of that size
 * (ARG_PTR_TO_MEM | PTR_MAYBE_NULL). Anything else — decl tags (`arg:ctx`, `arg:nonnull`, …),
 * pointers whose size BTF cannot give, non-scalar returns — is refused with a message saying so.
 */
import { BTF_KIND, type Btf, type BtfType } from '../loader/btf.js';
import type { GlobalArg, GlobalFunc } from './program.js';

/** The context struct each program type names in BTF (`bpf_types.h`, the user-visible ctx type). */
const CTX_NAMES: Record<string, string[]> = {
  socket_filter: ['__sk_buff'], sched_cls: ['__sk_buff'], sched_act: ['__sk_buff'], cgroup_skb: ['__sk_buff'],
  lwt_in: ['__sk_buff'], lwt_out: ['__sk_buff'], lwt_xmit: ['__sk_buff'], lwt_seg6local: ['__sk_buff'],
  sk_skb: ['__sk_buff'], flow_dissector: ['__sk_buff'],
  xdp: ['xdp_md'],
  kprobe: ['bpf_user_pt_regs_t', 'pt_regs'],
  raw_tracepoint: ['bpf_raw_tracepoint_args'],
  perf_event: ['bpf_perf_event_data'],
  cgroup_sock: ['bpf_sock'], cgroup_sock_addr: ['bpf_sock_addr'], sock_ops: ['bpf_sock_ops'], sk_msg: ['sk_msg_md'],
};
const ALL_CTX_NAMES = new Set([...Object.values(CTX_NAMES).flat(), '__u64', 'u64']);

function isModifier(t: BtfType): boolean {
  return t.kind === BTF_KIND.TYPEDEF || t.kind === BTF_KIND.VOLATILE || t.kind === BTF_KIND.CONST
    || t.kind === BTF_KIND.RESTRICT || t.kind === BTF_KIND.TYPE_TAG;
}

/** Names met walking from `id` through typedefs and qualifiers (typedef names and the final name). */
function namesThrough(btf: Btf, id: number): string[] {
  const names: string[] = [];
  let t = btf.get(id);
  for (let guard = 0; guard < 64 && isModifier(t); guard++) {
    if (t.kind === BTF_KIND.TYPEDEF) names.push(t.name);
    t = btf.get(t.sizeOrType);
  }
  if (t.name) names.push(t.name);
  return names;
}

function argKind(btf: Btf, typeId: number, progType: string, i: number, fname: string): GlobalArg | string {
  const t = btf.skipModifiers(typeId);
  if (t.kind === BTF_KIND.INT || t.kind === BTF_KIND.ENUM || t.kind === BTF_KIND.ENUM64) return { kind: 'scalar' };
  if (t.kind !== BTF_KIND.PTR) return `argument ${i} of global function ${fname}() is not a scalar or a pointer`;
  if (t.sizeOrType === 0) return `argument ${i} of global function ${fname}() is a void pointer`;
  const names = namesThrough(btf, t.sizeOrType);
  const own = CTX_NAMES[progType] ?? [];
  if (names.some((n) => own.includes(n))) return { kind: 'ctx' };
  if (names.some((n) => ALL_CTX_NAMES.has(n))) return `argument ${i} of global function ${fname}() points to a context type of another program type`;
  let size: number;
  try {
    size = btf.sizeOf(t.sizeOrType);
  } catch {
    return `argument ${i} of global function ${fname}() points to a type without a size`;
  }
  return { kind: 'mem', size };
}

/**
 * The global functions among a linked program's appended subprograms, with their argument kinds;
 * `unsupported` says why a prototype is outside what tsbpf models.
 */
export function globalFuncs(
  btf: Btf, subprogs: { slot: number; name: string }[], progType: string, hidden: ReadonlySet<string>,
): GlobalFunc[] {
  const out: GlobalFunc[] = [];
  for (const sp of subprogs) {
    // libbpf loads hidden (`__hidden`) functions with static BTF linkage.
    if (hidden.has(sp.name)) continue;
    const func = btf.types.find((t) => t.kind === BTF_KIND.FUNC && t.name === sp.name);
    if (!func || func.vlen !== 1) continue;
    const base = { slot: sp.slot, name: sp.name };
    if (btf.types.some((t) => t.kind === BTF_KIND.DECL_TAG && t.sizeOrType === func.id)) {
      out.push({ ...base, args: [], unsupported: `global function ${sp.name}() has BTF decl tags` });
      continue;
    }
    const proto = btf.get(func.sizeOrType);
    if (proto.kind !== BTF_KIND.FUNC_PROTO) {
      out.push({ ...base, args: [], unsupported: `global function ${sp.name}() has no prototype` });
      continue;
    }
    const ret = proto.sizeOrType === 0 ? undefined : btf.skipModifiers(proto.sizeOrType);
    if (!ret || (ret.kind !== BTF_KIND.INT && ret.kind !== BTF_KIND.ENUM && ret.kind !== BTF_KIND.ENUM64)) {
      out.push({ ...base, args: [], unsupported: `global function ${sp.name}() does not return a scalar` });
      continue;
    }
    if (proto.members.length > 5) {
      out.push({ ...base, args: [], unsupported: `global function ${sp.name}() has more than 5 arguments` });
      continue;
    }
    const args: GlobalArg[] = [];
    let unsupported: string | undefined;
    proto.members.forEach((m, i) => {
      const k = argKind(btf, m.type, progType, i, sp.name);
      if (typeof k === 'string') unsupported ??= k;
      else args.push(k);
    });
    out.push(unsupported ? { ...base, args: [], unsupported } : { ...base, args });
  }
  return out;
}
