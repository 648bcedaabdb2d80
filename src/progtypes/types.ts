/**
 * How a program type is described as data, for the VM runner and the verifier alike: the
 * context's fields (UAPI offset, size, read/write permission, what a load yields), the helpers the
 * type may call, and the names of its return codes.
 */
import type { ProgTypeName } from '../loader/sections.js';

/** What loading a context field gives the verifier (the kernel's `bpf_reg_type` of the result). */
export type CtxFieldKind =
  | 'scalar'
  | 'pkt' // PTR_TO_PACKET (data)
  | 'pkt_end' // PTR_TO_PACKET_END (data_end)
  | 'pkt_meta' // PTR_TO_PACKET_META (data_meta)
  | 'flow_keys' // PTR_TO_FLOW_KEYS
  | 'sock'; // PTR_TO_SOCK_COMMON_OR_NULL

export interface CtxField {
  name: string;
  /** Byte offset in the UAPI struct. */
  offset: number;
  /** Field size in bytes (arrays: the whole array). */
  size: number;
  read: boolean;
  write: boolean;
  kind: CtxFieldKind;
  /** Loads narrower than the field are allowed (the kernel's `bpf_ctx_narrow_access_ok`). */
  narrow: boolean;
}

export interface ProgTypeInfo {
  name: ProgTypeName;
  /** The UAPI struct the context is (`__sk_buff`, `xdp_md`, …), or a description. */
  ctxStruct: string;
  /** Size of the context; 0 = any (user-supplied blob, read-only). */
  ctxSize: number;
  fields: readonly CtxField[];
  /** Packet model: what BPF_PROG_TEST_RUN builds for this type. */
  packet: 'xdp' | 'skb' | 'none';
  /** Helper ids callable from this type (beyond this list: "program of this type cannot use helper"). */
  helpers: readonly number[];
  /** Return code names by value. */
  returnNames: Readonly<Record<number, string>>;
}

/** Shorthand for field tables: [name, offset, size, read, write, kind?, narrow?]. */
export function fields(rows: [string, number, number, boolean, boolean, CtxFieldKind?, boolean?][]): CtxField[] {
  return rows.map(([name, offset, size, read, write, kind, narrow]) => ({ name, offset, size, read, write, kind: kind ?? 'scalar', narrow: narrow ?? kind === undefined }));
}
