/**
 * Program types as data: context layout and permissions, helper set, return-code names. The
 * verifier reads `progTypeInfo(name)`; the runner builds contexts with the buffers exported here.
 */
import type { ProgTypeName } from '../loader/sections.js';
import { BASE_HELPERS } from './helper-sets.js';
import { schedAct, schedCls, socketFilter } from './skb.js';
import { kprobe, perfEvent, rawTracepoint, tracepoint } from './tracing.js';
import type { ProgTypeInfo } from './types.js';
import { xdp } from './xdp.js';

export * from './types.js';
export * from './helper-sets.js';
export { SkbBuffer, SKB, SKB_CTX_SIZE, TC_RETURN_NAMES, type SkbOptions } from './skb.js';
export { XdpBuffer, XDP_MD, XDP_MD_SIZE, XDP_RETURN_NAMES, XDP_PACKET_HEADROOM, type XdpOptions } from './xdp.js';
export { PT_REGS, SECCOMP_DATA_SIZE, seccompFields, SECCOMP_RETURN_NAMES } from './tracing.js';

/** By name: the runner asks on every packet. */
const KNOWN: ReadonlyMap<ProgTypeName, ProgTypeInfo> = new Map(
  [socketFilter, schedCls, schedAct, xdp, kprobe, tracepoint, rawTracepoint, perfEvent].map((t) => [t.name, t]));

/** Description of a program type; types tsbpf does not model get a blob context and base helpers. */
export function progTypeInfo(name: ProgTypeName): ProgTypeInfo {
  return KNOWN.get(name) ?? {
    name, ctxStruct: 'context blob (user-supplied)', ctxSize: 0, fields: [], packet: 'none', helpers: BASE_HELPERS, returnNames: {},
  };
}

/** The name of return value `r0` for a program type (`XDP_PASS`), or its decimal value. */
export function returnName(type: ProgTypeName, r0: bigint): string {
  const names = progTypeInfo(type).returnNames;
  const v = Number(BigInt.asIntN(32, r0));
  return names[v] ?? names[v >>> 0] ?? String(v);
}
