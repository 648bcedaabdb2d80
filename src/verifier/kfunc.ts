/**
 * Kernel functions (`call` with src_reg BPF_PSEUDO_KFUNC_CALL, imm = a FUNC id in vmlinux BTF) and
 * `ld_imm64` of a kernel symbol (src_reg BPF_PSEUDO_BTF_ID). The prototype comes from the kernel's
 * BTF (`FUNC` → `FUNC_PROTO`); the argument kinds follow `get_kfunc_ptr_arg_type` for the kinds
 * modelled here (scalars, the program's context, pointers to kernel structs, memory with a
 * `__sz` length). What BTF does not carry — the `KF_*` flags and the program types a kfunc is
 * registered for (`register_btf_kfunc_id_set`) — is listed for the kfuncs tsbpf knows; any other
 * kfunc is refused, never guessed.
 */
import { BTF_KIND } from '../loader/btf.js';
import type { BtfRef, KernelTypes } from './btf-access.js';

/** `KF_*` flags of `include/linux/btf.h` that the verifier acts on. */
export const KF = { ACQUIRE: 1 << 0, RELEASE: 1 << 1, RET_NULL: 1 << 2, TRUSTED_ARGS: 1 << 4 } as const;

const SKB = ['sched_cls', 'sched_act'];
const XDP = ['xdp'];
const TRACING = ['tracing', 'lsm', 'syscall', 'struct_ops'];
const TCP_CA = ['struct_ops'];

/** Flags and program types of the kfuncs tsbpf models (net/netfilter/nf_conntrack_bpf.c, kernel/bpf/cpumask.c, net/ipv4/bpf_tcp_ca.c). */
const KFUNCS: Readonly<Record<string, { flags: number; progTypes: readonly string[] }>> = {
  bpf_skb_ct_lookup: { flags: KF.ACQUIRE | KF.RET_NULL, progTypes: SKB },
  bpf_skb_ct_alloc: { flags: KF.ACQUIRE | KF.RET_NULL, progTypes: SKB },
  bpf_xdp_ct_lookup: { flags: KF.ACQUIRE | KF.RET_NULL, progTypes: XDP },
  bpf_xdp_ct_alloc: { flags: KF.ACQUIRE | KF.RET_NULL, progTypes: XDP },
  bpf_ct_release: { flags: KF.RELEASE, progTypes: [...SKB, ...XDP] },
  bpf_cpumask_create: { flags: KF.ACQUIRE | KF.RET_NULL, progTypes: TRACING },
  bpf_cpumask_release: { flags: KF.RELEASE, progTypes: TRACING },
  tcp_reno_ssthresh: { flags: 0, progTypes: TCP_CA },
  tcp_reno_cong_avoid: { flags: 0, progTypes: TCP_CA },
  tcp_reno_undo_cwnd: { flags: 0, progTypes: TCP_CA },
  tcp_slow_start: { flags: 0, progTypes: TCP_CA },
  tcp_cong_avoid_ai: { flags: 0, progTypes: TCP_CA },
};

/** The struct a program type's context pointer is (`btf_is_prog_ctx_type`). */
const CTX_STRUCT: Readonly<Record<string, string>> = {
  socket_filter: '__sk_buff', sched_cls: '__sk_buff', sched_act: '__sk_buff', cgroup_skb: '__sk_buff',
  sk_skb: '__sk_buff', lwt_in: '__sk_buff', lwt_out: '__sk_buff', lwt_xmit: '__sk_buff', xdp: 'xdp_md',
};

export type KfuncArg =
  | { kind: 'scalar'; name: string }
  | { kind: 'ctx'; name: string }
  | { kind: 'btf_id'; name: string; btf: BtfRef; nullable: boolean }
  /** Memory read and written for the length in the next argument (`KF_ARG_PTR_TO_MEM_SIZE`). */
  | { kind: 'mem_size'; name: string; nullable: boolean };

export interface Kfunc {
  id: number;
  name: string;
  flags: number;
  args: KfuncArg[];
  ret: { kind: 'void' } | { kind: 'scalar' } | { kind: 'btf_id'; btf: BtfRef };
}

/**
 * The kfunc with BTF id `id` as the program type may call it, or the kernel's message for why not
 * (`fetch_kfunc_meta`, `check_kfunc_call`), or `{ unsupported }` when tsbpf has no model of it.
 */
export function kfuncAt(k: KernelTypes, id: number, progType: string): Kfunc | { error: string; errno: string } | { unsupported: string } {
  const fn = k.btf.types[id];
  if (!fn || fn.kind !== BTF_KIND.FUNC) return { error: `kernel btf_id ${id} is not a function`, errno: 'EINVAL' };
  const known = KFUNCS[fn.name];
  if (!known) return { unsupported: `kernel function ${fn.name} is not supported by tsbpf's verifier` };
  if (!known.progTypes.includes(progType)) return { error: `calling kernel function ${fn.name} is not allowed`, errno: 'EACCES' };
  const proto = k.btf.get(fn.sizeOrType);
  const args: KfuncArg[] = [];
  const params = proto.members;
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    const t = k.btf.get(k.skip(p.type));
    if (t.kind === BTF_KIND.INT || t.kind === BTF_KIND.ENUM || t.kind === BTF_KIND.ENUM64) {
      args.push({ kind: 'scalar', name: p.name });
      continue;
    }
    if (t.kind !== BTF_KIND.PTR) return { unsupported: `kernel function ${fn.name} args#${i}: argument kind is not supported by tsbpf's verifier` };
    const pointee = k.btf.get(k.skip(t.sizeOrType));
    const nullable = p.name.endsWith('__nullable') || p.name.endsWith('__opt');
    const next = params[i + 1];
    if (next && (next.name.endsWith('__sz') || next.name.endsWith('__szk'))) {
      args.push({ kind: 'mem_size', name: p.name, nullable });
      continue;
    }
    if (pointee.kind === BTF_KIND.STRUCT && pointee.name === CTX_STRUCT[progType]) {
      args.push({ kind: 'ctx', name: p.name });
      continue;
    }
    if (pointee.kind === BTF_KIND.STRUCT) {
      args.push({ kind: 'btf_id', name: p.name, btf: k.ref(k.skip(t.sizeOrType)), nullable });
      continue;
    }
    return { unsupported: `kernel function ${fn.name} args#${i}: argument kind is not supported by tsbpf's verifier` };
  }
  let ret: Kfunc['ret'];
  if (!proto.sizeOrType) ret = { kind: 'void' };
  else {
    const t = k.btf.get(k.skip(proto.sizeOrType));
    if (t.kind === BTF_KIND.INT || t.kind === BTF_KIND.ENUM || t.kind === BTF_KIND.ENUM64) ret = { kind: 'scalar' };
    else if (t.kind === BTF_KIND.PTR && k.btf.get(k.skip(t.sizeOrType)).kind === BTF_KIND.STRUCT) ret = { kind: 'btf_id', btf: k.ref(k.skip(t.sizeOrType)) };
    else return { unsupported: `kernel function ${fn.name}: return type is not supported by tsbpf's verifier` };
  }
  return { id, name: fn.name, flags: known.flags, args, ret };
}

/**
 * What `ld_imm64 rX, <kernel symbol>` (BPF_PSEUDO_BTF_ID) loads (`__check_pseudo_btf_id`): a kernel
 * function's address is read-only memory of size 0; a variable is a pointer to its struct type
 * (PTR_TO_BTF_ID) or read-only memory of its size. Per-CPU variables are not modelled.
 */
export function ksymAt(k: KernelTypes, id: number): { kind: 'mem'; size: number } | { kind: 'btf_id'; btf: BtfRef } | { error: string } {
  const t = k.btf.types[id];
  if (!t || (t.kind !== BTF_KIND.VAR && t.kind !== BTF_KIND.FUNC)) return { error: `pseudo btf_id ${id} in ldimm64 isn't KIND_VAR or KIND_FUNC` };
  if (t.kind === BTF_KIND.FUNC) return { kind: 'mem', size: 0 };
  if (isPerCpu(k, id)) return { error: `per-CPU kernel variable ${t.name} is not supported by tsbpf's verifier` };
  const type = k.btf.get(k.skip(t.sizeOrType));
  if (type.kind === BTF_KIND.STRUCT) return { kind: 'btf_id', btf: k.ref(type.id) };
  return { kind: 'mem', size: k.btf.sizeOf(type.id) };
}

const perCpuVars = new WeakMap<KernelTypes, Set<number>>();

function isPerCpu(k: KernelTypes, id: number): boolean {
  let set = perCpuVars.get(k);
  if (!set) {
    set = new Set((k.btf.datasec('.data..percpu')?.vars ?? []).map((v) => v.type));
    perCpuVars.set(k, set);
  }
  return set.has(id);
}
