/**
 * What the verifier needs per program type: which context accesses are valid and what a context
 * load yields (`*_is_valid_access`), which helpers may be called (`*_func_proto`), and the allowed
 * return range (`check_return_code`). Types not described here are rejected as unsupported.
 */
import type { RegType } from './reg.js';
import type { BtfRef, KernelTypes } from './btf-access.js';
import type { HelperProto } from './protos.js';

export interface CtxAccess {
  ok: boolean;
  /** Register type a read yields (scalar unless a packet pointer or similar). */
  regType?: RegType;
  maybeNull?: boolean;
  /** A PTR_TO_BTF_ID result: the struct and the flags (TRUSTED, …) beyond MAYBE_NULL. */
  btf?: BtfRef;
  flags?: number;
  /** A line the kernel logs while checking the access (`btf_ctx_access`), printed before the verdict. */
  note?: string;
}

export interface ProgTypeInfo {
  ctxAccess(off: number, size: number, write: boolean, signExt: boolean): CtxAccess;
  helpers: ReadonlySet<number>;
  /** Inclusive range R0 must be in at exit of the main program, if checked. */
  retRange?: [number, number];
  /** Direct packet access (the kernel's may_access_direct_pkt_data for reads). */
  pktAccess: boolean;
  pktWrite: boolean;
  /** The context is a `struct bpf_sock` (cgroup/sock): helpers taking the socket take the context. */
  ctxIsSocket?: boolean;
  /** BTF-typed program types (btf-progtype.ts): the kernel's types, prototypes that differ per type,
   *  the `btf_struct_access` write check, and whether the implemented function returns void. */
  kernelTypes?: KernelTypes;
  helperProtos?: ReadonlyMap<number, HelperProto>;
  btfWrite?: (btf: BtfRef, off: number, size: number) => string | undefined;
  r0Void?: boolean;
}

const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

/** bpf_base_func_proto for a privileged (CAP_BPF + CAP_PERFMON) loader. */
const BASE = [
  1, 2, 3, 87, 88, 89, 7, 8, 42, 12, 5, 125, 160, 130, 131, 132, 133, 134, 164, 181, 182, 93, 94, 118,
  153, 154, 169, 170, 171, 172, 6, 165, 177, 35, 158, 112, 113, 114, 115, 194, 195, 14, 16,
];
const TRACING = [
  ...BASE, 14, 15, 16, 35, 158, 175, 22, 37, 55, 120, 80, 123, 4, 45, 109, 117, 141, 148, 149, 156, 157,
  176, 180, 186, 187, 188, 118,
];
const SK_FILTER = [...BASE, 26, 68, 46, 47, 25];
const TC = [
  ...BASE, 9, 26, 68, 39, 28, 40, 135, 10, 11, 13, 17, 18, 19, 31, 32, 50, 38, 43, 20, 21, 29, 30, 23,
  152, 155, 24, 34, 41, 48, 25, 33, 46, 47, 69, 163, 95, 107, 108, 66, 151, 79, 83, 84, 85, 86, 96, 98,
  99, 100, 97, 110, 124, 192, 111,
];
const XDP = [...BASE, 25, 28, 44, 54, 23, 51, 65, 69, 163, 84, 85, 86, 99, 100, 110, 189, 190, 191, 121];
const CGROUP_CURRENT = [15, 14, 16, 80, 123, 17];

// --- context layouts ---------------------------------------------------------------------------

/** `struct __sk_buff` field offsets. */
const SKB = {
  len: 0, cb0: 48, cbEnd: 68, tcClassid: 72, data: 76, dataEnd: 80, family: 88, localPortEnd: 140, dataMeta: 140,
  flowKeys: 144, tstamp: 152, wireLen: 160, sk: 168, tstampType: 180, hwtstamp: 184, size: 192,
};
const inRange = (off: number, start: number, size: number): boolean => off >= start && off < start + size;
const narrowOk = (off: number, size: number, def: number): boolean => size === def || (size < def && (size & (size - 1)) === 0 && off % size === 0);

function skbCommon(off: number, size: number, write: boolean, signExt: boolean): boolean {
  if (off < 0 || off >= SKB.size) return false;
  if (off % size !== 0) return false;
  if (off >= SKB.cb0 && off < SKB.cbEnd) return off + size <= SKB.cbEnd;
  if (inRange(off, SKB.data, 4) || inRange(off, SKB.dataMeta, 4) || inRange(off, SKB.dataEnd, 4)) return !signExt && size === 4;
  if (inRange(off, 100, 32) || inRange(off, 92, 8)) return narrowOk(off, size, 4);
  if (inRange(off, SKB.flowKeys, 8)) return size === 8;
  if (inRange(off, SKB.tstamp, 8)) return size === 8;
  if (off === SKB.sk) return !write && size === 8;
  if (off === SKB.tstampType) return false;
  if (off > SKB.tstampType && off < SKB.hwtstamp) return false;
  if (inRange(off, SKB.hwtstamp, 8)) return size === 8 && !write;
  if (write) return size === 4;
  return narrowOk(off, size, 4);
}

function skbResult(off: number): CtxAccess {
  if (inRange(off, SKB.data, 4)) return { ok: true, regType: 'pkt' };
  if (inRange(off, SKB.dataMeta, 4)) return { ok: true, regType: 'pkt_meta' };
  if (inRange(off, SKB.dataEnd, 4)) return { ok: true, regType: 'pkt_end' };
  if (off === SKB.sk) return { ok: true, regType: 'sock_common', maybeNull: true };
  return { ok: true };
}

const NO: CtxAccess = { ok: false };
const YES: CtxAccess = { ok: true };

function socketFilterCtx(off: number, size: number, write: boolean, signExt: boolean): CtxAccess {
  if (inRange(off, SKB.tcClassid, 4) || inRange(off, SKB.data, 4) || inRange(off, SKB.dataMeta, 4)
    || inRange(off, SKB.dataEnd, 4) || (off >= SKB.family && off < SKB.localPortEnd)
    || inRange(off, SKB.tstamp, 8) || inRange(off, SKB.wireLen, 4) || inRange(off, SKB.hwtstamp, 8)) return NO;
  if (write && !(off >= SKB.cb0 && off < SKB.cbEnd)) return NO;
  if (!skbCommon(off, size, write, signExt)) return NO;
  return off === SKB.sk ? skbResult(off) : YES;
}

function tcCtx(off: number, size: number, write: boolean, signExt: boolean): CtxAccess {
  if (write) {
    const writable = inRange(off, 8, 4) || inRange(off, 44, 4) || inRange(off, 32, 4) || inRange(off, SKB.tcClassid, 4)
      || (off >= SKB.cb0 && off < SKB.cbEnd) || inRange(off, SKB.tstamp, 8) || inRange(off, 12, 4);
    if (!writable) return NO;
  }
  if (off >= SKB.family && off < SKB.localPortEnd && !inRange(off, SKB.dataMeta, 4)) return NO;
  if (off === SKB.tstampType) return size === 1 ? YES : NO;
  if (!skbCommon(off, size, write, signExt)) return NO;
  return skbResult(off);
}

function cgroupSkbCtx(off: number, size: number, write: boolean, signExt: boolean): CtxAccess {
  if (inRange(off, SKB.tcClassid, 4) || inRange(off, SKB.dataMeta, 4) || inRange(off, SKB.wireLen, 4)) return NO;
  if (inRange(off, SKB.data, 4) || inRange(off, SKB.dataEnd, 4)) {
    if (!skbCommon(off, size, write, signExt)) return NO;
    return skbResult(off);
  }
  if (inRange(off, SKB.hwtstamp, 8)) return NO;
  if (write) {
    const writable = inRange(off, 8, 4) || inRange(off, 32, 4) || (off >= SKB.cb0 && off < SKB.cbEnd) || inRange(off, SKB.tstamp, 8);
    if (!writable) return NO;
  }
  if (!skbCommon(off, size, write, signExt)) return NO;
  return off === SKB.sk ? skbResult(off) : YES;
}

function xdpCtx(off: number, size: number, write: boolean): CtxAccess {
  if (off === 20) return NO; // egress_ifindex: devmap programs only
  if (write) return NO;
  if (off < 0 || off >= 24 || off % size !== 0 || size !== 4) return NO;
  if (off === 0) return { ok: true, regType: 'pkt' };
  if (off === 8) return { ok: true, regType: 'pkt_meta' };
  if (off === 4) return { ok: true, regType: 'pkt_end' };
  return YES;
}

function readOnlyWindow(lo: number, hi: number) {
  return (off: number, size: number, write: boolean): CtxAccess => {
    if (off < lo || off >= hi || write || off % size !== 0 || off + size > hi) return NO;
    return YES;
  };
}

function perfEventCtx(off: number, size: number, write: boolean): CtxAccess {
  if (off < 0 || off >= 184 || write || off % size !== 0) return NO;
  if (off >= 168) return narrowOk(off, size, 8) ? YES : NO;
  return size === 8 ? YES : NO;
}

function sockOpsCtx(off: number, size: number, write: boolean): CtxAccess {
  if (off < 0 || off >= 224 || off % size !== 0) return NO;
  if (write) return (off === 4 || off === 164) && size === 4 ? YES : NO;
  if (off === 168 || off === 176 || off === 216) return size === 8 ? YES : NO;
  if (off === 184) return size === 8 ? { ok: true, regType: 'sock', maybeNull: true } : NO;
  if (off === 192) return size === 8 ? { ok: true, regType: 'pkt' } : NO;
  if (off === 200) return size === 8 ? { ok: true, regType: 'pkt_end' } : NO;
  if (off === 212) return narrowOk(off, size, 4) ? YES : NO;
  return size === 4 ? YES : NO;
}

/** `struct bpf_sock` for cgroup/sock programs. */
function cgroupSockCtx(off: number, size: number, write: boolean): CtxAccess {
  if (off < 0 || off >= 80 || off % size !== 0) return NO;
  if (write) return (off === 0 || off === 16 || off === 20) && size === 4 ? YES : NO;
  const narrowFields = [72, 4, 8, 12, 44, 76];
  if (narrowFields.includes(off) || inRange(off, 24, 4) || inRange(off, 28, 16) || inRange(off, 52, 4) || inRange(off, 56, 16)) {
    return narrowOk(off, size, 4) ? YES : NO;
  }
  if (inRange(off, 48, 4)) return narrowOk(off, size, size === 4 ? 4 : 2) ? YES : NO;
  return size === 4 ? YES : NO;
}

/** `struct bpf_sock_addr` for cgroup/connect*, sendmsg*, ... programs. */
function sockAddrCtx(off: number, size: number, write: boolean): CtxAccess {
  if (off < 0 || off >= 72 || off % size !== 0) return NO;
  const ipFields = inRange(off, 4, 4) || inRange(off, 8, 16) || inRange(off, 40, 4) || inRange(off, 44, 16) || inRange(off, 24, 4);
  if (write) return ipFields && (size === 4 || (size === 8 && (inRange(off, 8, 16) || inRange(off, 44, 16)))) ? YES : NO;
  if (off === 64) return size === 8 ? { ok: true, regType: 'sock' } : NO;
  if (ipFields) return narrowOk(off, size, 4) ? YES : NO;
  return size === 4 ? YES : NO;
}

function skLookupCtx(off: number, size: number, write: boolean): CtxAccess {
  if (write || off < 0 || off >= 72 || off % size !== 0) return NO;
  if (off === 0) return size === 8 ? { ok: true, regType: 'sock', maybeNull: true } : NO;
  if (off < 8) return NO;
  return narrowOk(off, size, 4) ? YES : NO;
}

function skSkbCtx(off: number, size: number, write: boolean, signExt: boolean): CtxAccess {
  if (write) {
    const writable = inRange(off, 44, 4) || inRange(off, 32, 4) || inRange(off, 8, 4);
    if (!writable) return NO;
  }
  if (inRange(off, SKB.tcClassid, 4) || inRange(off, SKB.dataMeta, 4) || inRange(off, SKB.tstamp, 8)
    || inRange(off, SKB.wireLen, 4) || inRange(off, SKB.hwtstamp, 8)) return NO;
  if (!skbCommon(off, size, write, signExt)) return NO;
  return skbResult(off);
}

const info = (
  ctxAccess: ProgTypeInfo['ctxAccess'], helpers: number[], extra: Partial<ProgTypeInfo> = {},
): ProgTypeInfo => ({ ctxAccess, helpers: new Set(helpers), pktAccess: false, pktWrite: false, ...extra });

export const PROG_TYPES: Readonly<Record<string, ProgTypeInfo>> = {
  socket_filter: info(socketFilterCtx, SK_FILTER),
  sched_cls: info(tcCtx, TC, { pktAccess: true, pktWrite: true }),
  sched_act: info(tcCtx, TC, { pktAccess: true, pktWrite: true }),
  xdp: info(xdpCtx, XDP, { pktAccess: true, pktWrite: true }),
  kprobe: info(readOnlyWindow(0, 168), [...TRACING, 25, 27, 67, 173, 174]),
  tracepoint: info(readOnlyWindow(8, 8192), [...TRACING, 25, 27, 67, 174]),
  raw_tracepoint: info(readOnlyWindow(0, 96), [...TRACING, 25, 27, 67, 174]),
  perf_event: info(perfEventCtx, [...TRACING, 25, 27, 67, 56, 119, 174]),
  cgroup_skb: info(cgroupSkbCtx, [...SK_FILTER, 107, 108, 81, 95, 96, 97, 98, 79, 83, 124, ...CGROUP_CURRENT], {
    pktAccess: true, retRange: [0, 1],
  }),
  sock_ops: info(sockOpsCtx, [...BASE, 49, 57, 59, 46, 53, 70, 122, 81, 25, 107, 108, 96, 142, 143, 144], {
    pktAccess: true, retRange: [0, 1],
  }),
  cgroup_sock: info(cgroupSockCtx, [...BASE, 15, 14, 16, 80, 123, 81, 46, 122, 25, 107, 108], { retRange: [0, 1], ctxIsSocket: true }),
  cgroup_sock_addr: info(sockAddrCtx, [...BASE, 15, 14, 16, 80, 123, 81, 46, 122, 25, 107, 108, 64, 84, 85, 86, 99, 49, 57], {
    retRange: [0, 1],
  }),
  sk_lookup: info(skLookupCtx, [...BASE, 124, 86], { retRange: [0, 1] }),
  sk_skb: info(skSkbCtx, [...BASE, 9, 26, 39, 38, 43, 50, 46, 47, 52, 72, 84, 85, 86, 99], { pktAccess: true, pktWrite: true }),
  lwt_out: info(socketFilterCtx, [...BASE, 26, 39, 28, 17, 24, 34, 25, 8, 33, ...range(0, 0)], { pktAccess: true }),
};

/**
 * Bases of the BTF-typed program types: their context and extra helpers come from the attach
 * target (btf-progtype.ts), so they are not usable from PROG_TYPES alone.
 */
export const BTF_PROG_BASES: Readonly<Record<string, ProgTypeInfo>> = {
  tracing: info(() => NO, TRACING),
  struct_ops: info(() => NO, BASE),
};

/** Non-GPL licenses the kernel accepts as GPL-compatible (`license_is_gpl_compatible`). */
export function isGplCompatible(license: string): boolean {
  return ['GPL', 'GPL v2', 'GPL and additional rights', 'Dual BSD/GPL', 'Dual MIT/GPL', 'Dual MPL/GPL'].includes(license);
}
