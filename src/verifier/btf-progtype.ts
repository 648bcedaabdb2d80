/**
 * Program types whose context is typed by kernel BTF: `tracing` programs attached to a BTF
 * tracepoint (`tp_btf/…`, BPF_TRACE_RAW_TP) or an iterator (`iter/…`, BPF_TRACE_ITER), and
 * `struct_ops` programs implementing a member of `struct tcp_congestion_ops`. Their context is an
 * array of u64 arguments typed by a BTF function prototype (`btf_ctx_access`): scalars, or
 * pointers to kernel structs (PTR_TO_BTF_ID), which loads then walk (btf-access.ts).
 */
import { BTF_KIND, type Btf } from '../loader/btf.js';
import { type BtfRef, KIND_NAME, type KernelTypes, btfStructAccess, kernelTypes } from './btf-access.js';
import type { ProgTypeInfo, CtxAccess } from './progtype.js';
import type { HelperProto } from './protos.js';
import { Flag } from './reg.js';

/** Where a BTF-typed program attaches (what libbpf passes as attach_btf_id / expected_attach_type). */
export interface BtfAttach {
  /**
   * `tp_btf` (BPF_TRACE_RAW_TP), `iter` (BPF_TRACE_ITER) or `struct_ops`; `fentry`, `fexit` and
   * `fmod_ret` are recognised (src/verifier/attach.ts) but not modelled.
   */
  kind: 'tp_btf' | 'iter' | 'struct_ops' | 'fentry' | 'fexit' | 'fmod_ret';
  /** Tracepoint (`kfree_skb`), iterator (`task`), kernel function or struct_ops type (`tcp_congestion_ops`). */
  target: string;
  /** struct_ops: the index of the implemented member (libbpf's expected_attach_type). */
  member?: number;
  /** Loaded with BPF_F_SLEEPABLE (`iter.s/`, `fentry.s/`, `struct_ops.s` …): not modelled. */
  sleepable?: boolean;
}

const MAX_BPF_FUNC_ARGS = 12;

/**
 * Iterator context arguments the kernel types itself (`bpf_iter_reg.ctx_arg_info`): offset in the
 * `bpf_iter__<name>` context and the struct pointed to, PTR_TO_BTF_ID_OR_NULL | PTR_TRUSTED.
 */
const ITER_CTX_ARGS: Readonly<Record<string, readonly [number, string][]>> = {
  task: [[8, 'task_struct']],
};

// Helper ids used below.
const H = {
  getsockopt: 57, setsockopt: 49, skStorageGet: 107, skStorageDelete: 108, tcpSendAck: 116,
  ktimeGetCoarseNs: 160, skbOutput: 111, seqPrintf: 126, seqWrite: 127, seqPrintfBtf: 128, getTaskStack: 141,
} as const;

/** Helper prototypes whose socket or object argument is a BTF pointer in these program types. */
const BTF_PROTOS: ReadonlyMap<number, HelperProto> = new Map<number, HelperProto>([
  [H.setsockopt, { args: ['sock_common', 'anything', 'anything', 'mem_ro', 'size'], ret: 'integer' }],
  [H.getsockopt, { args: ['sock_common', 'anything', 'anything', 'mem_uninit', 'size'], ret: 'integer' }],
  [H.tcpSendAck, { args: ['btf_id', 'anything'], ret: 'integer', btfIds: ['tcp_sock'] }],
  [H.skbOutput, { args: ['btf_id', 'const_map_ptr', 'anything', 'mem_ro', 'size_or_zero'], ret: 'integer', gplOnly: true, btfIds: ['sk_buff'] }],
  [H.seqWrite, { args: ['btf_id', 'mem_ro', 'size_or_zero'], ret: 'integer', btfIds: ['seq_file'] }],
  [H.seqPrintf, { args: ['btf_id', 'mem_ro', 'size', 'mem_ro_or_null', 'size_or_zero'], ret: 'integer', btfIds: ['seq_file'] }],
  [H.getTaskStack, { args: ['btf_id', 'mem_uninit', 'size_or_zero', 'anything'], ret: 'integer', btfIds: ['task_struct'] }],
]);

/** What `prog_args_trusted` and the per-type `is_valid_access` add to plain `btf_ctx_access`. */
interface CtxTyping {
  /** The attach function's name as the log prints it (`attach_func_name`). */
  tname: string;
  /** The FUNC_PROTO whose parameters type the context. */
  proto: number;
  /** `btf_trace_<tp>` typedefs start with a `void *__data` argument the program does not see. */
  skipFirst: boolean;
  ctxArgs: ReadonlyMap<number, BtfRef>;
  /** bpf_tcp_ca: a `struct sock *` argument is promoted to `struct tcp_sock *`. */
  promote?: [BtfRef, BtfRef];
}

/**
 * A ProgTypeInfo for a BTF-typed program, or the reason tsbpf cannot model it. `helpers` is the
 * program type's base set (tracing or struct_ops) from progtype.ts.
 */
export function btfProgType(btf: Btf, attach: BtfAttach, base: ProgTypeInfo): ProgTypeInfo | string {
  const k = kernelTypes(btf);
  const typing = resolve(k, attach);
  if (typeof typing === 'string') return typing;
  const helpers = new Set(base.helpers);
  let retRange: [number, number] | undefined;
  let r0Void = false;
  let btfWrite: ProgTypeInfo['btfWrite'];
  if (attach.kind === 'iter') {
    retRange = [0, 1];
    for (const id of [H.seqPrintf, H.seqWrite, H.seqPrintfBtf]) helpers.add(id);
  } else if (attach.kind === 'tp_btf') {
    helpers.add(H.skbOutput);
  } else {
    // bpf_tcp_ca_get_func_proto: base helpers plus socket options, storage and send_ack.
    const memberName = typing.tname;
    for (const id of [H.tcpSendAck, H.skStorageGet, H.skStorageDelete, H.ktimeGetCoarseNs]) helpers.add(id);
    if (memberName !== 'release') { helpers.add(H.setsockopt); helpers.add(H.getsockopt); }
    r0Void = k.btf.get(typing.proto).sizeOrType === 0;
    btfWrite = tcpCaWriteAccess(k);
  }
  return {
    ...base, helpers, retRange, r0Void, btfWrite,
    pktAccess: false, pktWrite: false, kernelTypes: k, helperProtos: BTF_PROTOS,
    ctxAccess: (off, size, write) => btfCtxAccess(k, typing, off, size, write),
  };
}

function resolve(k: KernelTypes, a: BtfAttach): CtxTyping | string {
  const none = new Map<number, BtfRef>();
  if (a.sleepable) return `sleepable ${a.kind} program (${a.target})`;
  if (a.kind === 'fentry' || a.kind === 'fexit' || a.kind === 'fmod_ret') return `${a.kind} program attached to ${a.target}`;
  if (a.kind === 'tp_btf') {
    const id = k.find(`btf_trace_${a.target}`, BTF_KIND.TYPEDEF);
    if (id === undefined) return `tracepoint ${a.target} is not in the kernel's BTF`;
    const ptr = k.btf.get(k.btf.get(id).sizeOrType);
    return { tname: a.target, proto: k.skip(ptr.sizeOrType), skipFirst: true, ctxArgs: none };
  }
  if (a.kind === 'iter') {
    const id = k.find(`bpf_iter_${a.target}`, BTF_KIND.FUNC);
    const args = ITER_CTX_ARGS[a.target];
    if (id === undefined || !args) return `iterator ${a.target} is not modelled by tsbpf's verifier`;
    const ctxArgs = new Map<number, BtfRef>();
    for (const [off, name] of args) {
      const ref = k.structRef(name);
      if (!ref) return `struct ${name} is not in the kernel's BTF`;
      ctxArgs.set(off, ref);
    }
    return { tname: `bpf_iter_${a.target}`, proto: k.btf.get(id).sizeOrType, skipFirst: false, ctxArgs };
  }
  if (a.target !== 'tcp_congestion_ops') return `struct_ops ${a.target} is not modelled by tsbpf's verifier`;
  const st = k.structRef(a.target);
  const member = st && a.member !== undefined ? k.btf.get(st.id).members[a.member] : undefined;
  if (!member) return `attach to invalid member idx ${a.member ?? '?'} of struct ${a.target}`;
  const ptr = k.btf.get(k.skip(member.type));
  const proto = ptr.kind === BTF_KIND.PTR ? k.skip(ptr.sizeOrType) : 0;
  if (!proto || k.btf.get(proto).kind !== BTF_KIND.FUNC_PROTO) return `attach to invalid member ${member.name}(@idx ${a.member}) in struct ${a.target}`;
  if (member.name === 'get_info') return `attach to unsupported member ${member.name} of struct ${a.target}`;
  const sock = k.structRef('sock');
  const tcpSock = k.structRef('tcp_sock');
  return { tname: member.name, proto, skipFirst: false, ctxArgs: none, promote: sock && tcpSock ? [sock, tcpSock] : undefined };
}

/** `bpf_tracing_btf_ctx_access` + `btf_ctx_access` (+ bpf_tcp_ca's promotion to tcp_sock). */
function btfCtxAccess(k: KernelTypes, c: CtxTyping, off: number, size: number, write: boolean): CtxAccess {
  if (off < 0 || off >= 8 * MAX_BPF_FUNC_ARGS || write || off % size !== 0) return { ok: false };
  if (off % 8) return { ok: false, note: `func '${c.tname}' offset ${off} is not multiple of 8` };
  const arg = off / 8;
  let params = k.btf.get(c.proto).members;
  if (c.skipFirst) params = params.slice(1);
  if (arg >= params.length) return { ok: false, note: `func '${c.tname}' doesn't have ${arg + 1}-th argument` };
  let t = k.btf.get(k.skip(params[arg]!.type));
  if ((t.kind === BTF_KIND.INT && t.sizeOrType <= 8) || t.kind === BTF_KIND.ENUM || t.kind === BTF_KIND.ENUM64 || t.kind === BTF_KIND.STRUCT) return { ok: true };
  if (t.kind !== BTF_KIND.PTR) {
    return { ok: false, note: `func '${c.tname}' arg${arg} '${t.name}' has type ${KIND_NAME[t.kind]}. Only pointer access is allowed` };
  }
  if (size !== 8) return { ok: false, note: `func '${c.tname}' size ${size} must be 8` };
  if (t.sizeOrType === 0) return { ok: true }; // void *: a scalar
  const pointee = k.btf.get(k.skip(t.sizeOrType));
  if (pointee.kind === BTF_KIND.INT) return { ok: true }; // is_int_ptr
  const fixed = c.ctxArgs.get(off);
  if (fixed) return { ok: true, regType: 'ptr_', btf: fixed, flags: Flag.TRUSTED | Flag.MAYBE_NULL, maybeNull: true };
  let flags = Flag.TRUSTED; // prog_args_trusted: raw tracepoints, iterators, struct_ops
  let id = t.sizeOrType;
  t = k.btf.get(id);
  if (t.kind === BTF_KIND.TYPE_TAG && !t.kindFlag) {
    if (t.name === 'user') flags |= Flag.USER;
    if (t.name === 'percpu') flags |= Flag.PERCPU;
  }
  id = k.skip(id);
  t = k.btf.get(id);
  if (t.kind !== BTF_KIND.STRUCT && t.kind !== BTF_KIND.UNION) {
    return { ok: false, note: `func '${c.tname}' arg${arg} type ${KIND_NAME[t.kind]} is not a struct` };
  }
  const note = `func '${c.tname}' arg${arg} has btf_id ${id} type ${KIND_NAME[t.kind]} '${t.name}'`;
  let ref = k.ref(id);
  if (c.promote && ref === c.promote[0] && !(flags & (Flag.USER | Flag.PERCPU))) ref = c.promote[1];
  return { ok: true, regType: 'ptr_', btf: ref, flags, note };
}

/**
 * `bpf_tcp_ca_btf_struct_access`: a congestion-control program may write a few `tcp_sock`
 * fields (and its private area `icsk_ca_priv`), nothing else.
 */
function tcpCaWriteAccess(k: KernelTypes): NonNullable<ProgTypeInfo['btfWrite']> {
  const tcpSock = k.structRef('tcp_sock');
  const fields: [number, number, number][] = []; // [start, last start, end]
  const add = (path: string[], range = false): void => {
    let id = tcpSock?.id;
    let off = 0;
    for (const name of path) {
      if (id === undefined) return;
      const found = findMember(k, id, name);
      if (!found) return;
      off += found.off;
      id = found.type;
    }
    if (id === undefined) return;
    const end = off + k.btf.sizeOf(id);
    fields.push([off, range ? end - 1 : off, end]);
  };
  add(['sk_pacing_rate']);
  add(['sk_pacing_status']);
  add(['icsk_ca_priv'], true);
  add(['icsk_ack', 'pending']);
  add(['snd_cwnd']);
  add(['snd_cwnd_cnt']);
  add(['snd_ssthresh']);
  add(['ecn_flags']);
  add(['app_limited']);
  return (btf, off, size) => {
    if (btf !== tcpSock) return 'only read is supported';
    const f = fields.find(([a, b]) => off >= a && off <= b);
    if (!f) return `no write support to tcp_sock at off ${off}`;
    if (off + size > f[2]) return `write access at off ${off} with size ${size} beyond the member of tcp_sock ended at ${f[2]}`;
    return undefined;
  };
}

/** A member by name, looking through the first-member chain and anonymous members (`offsetof`). */
function findMember(k: KernelTypes, structId: number, name: string): { off: number; type: number } | undefined {
  const t = k.btf.get(k.skip(structId));
  for (const m of t.members) {
    const off = m.bitOffset / 8;
    if (m.name === name) return { off, type: m.type };
    const mt = k.btf.get(k.skip(m.type));
    if ((mt.kind === BTF_KIND.STRUCT || mt.kind === BTF_KIND.UNION) && (!m.name || off === 0)) {
      const inner = findMember(k, mt.id, name);
      if (inner) return { off: off + inner.off, type: inner.type };
    }
  }
  return undefined;
}

/** Re-exported for the memory-access hook in check.ts. */
export { btfStructAccess };
