/**
 * The CO-RE relocation records of `.BTF.ext` (the kernel's Documentation/bpf/btf.rst, "BTF.ext
 * section"): per code section, which instruction reads which field, type or enumerator of the
 * object's own BTF, so that a loader can rewrite it for the running kernel's layout.
 */
import { LoadError } from '../errors.js';
import type { Btf } from './btf.js';

/** `enum bpf_core_relo_kind`. */
export const CORE_RELO = {
  FIELD_BYTE_OFFSET: 0, FIELD_BYTE_SIZE: 1, FIELD_EXISTS: 2, FIELD_SIGNED: 3, FIELD_LSHIFT_U64: 4,
  FIELD_RSHIFT_U64: 5, TYPE_ID_LOCAL: 6, TYPE_ID_TARGET: 7, TYPE_EXISTS: 8, TYPE_SIZE: 9,
  ENUMVAL_EXISTS: 10, ENUMVAL_VALUE: 11, TYPE_MATCHES: 12,
} as const;

export interface CoreRelo {
  /** Code section the instruction is in. */
  section: string;
  /** Byte offset of the instruction in its section. */
  insnOff: number;
  /** Root type in the object's BTF. */
  typeId: number;
  /** Access string, e.g. `0:1:2` (struct index 0, member 1, member 2). */
  access: string;
  kind: number;
  /** Index of the record in its section, as libbpf numbers them in its log (`relo #N`). */
  index: number;
}

const SECTION = '.BTF.ext';
const CORE_RELO_RECORD_MIN = 16;

/** The CO-RE records of a `.BTF.ext` section; empty when the header has no CO-RE part (old clang). */
export function parseCoreRelos(ext: Uint8Array, btf: Btf, littleEndian: boolean): CoreRelo[] {
  const view = new DataView(ext.buffer, ext.byteOffset, ext.byteLength);
  if (ext.length < 8) throw new LoadError('header is truncated', SECTION, 0);
  let le = littleEndian;
  if (view.getUint16(0, le) !== 0xeb9f) {
    le = !le;
    if (view.getUint16(0, le) !== 0xeb9f) throw new LoadError('bad magic (expected 0xeb9f)', SECTION, 0);
  }
  const hdrLen = view.getUint32(4, le);
  // Headers shorter than 32 bytes predate CO-RE (func_info and line_info only).
  if (hdrLen < 32) return [];
  if (ext.length < 32) throw new LoadError('header is truncated', SECTION, 0);
  const start = hdrLen + view.getUint32(24, le);
  const len = view.getUint32(28, le);
  if (len === 0) return [];
  const end = start + len;
  if (end > ext.length || len < 4) throw new LoadError(`CO-RE relocations (${len} bytes at ${start}) run past the end of the section`, SECTION, start);
  const recSize = view.getUint32(start, le);
  if (recSize < CORE_RELO_RECORD_MIN) throw new LoadError(`CO-RE record size ${recSize} is below ${CORE_RELO_RECORD_MIN}`, SECTION, start);
  const out: CoreRelo[] = [];
  let at = start + 4;
  while (at < end) {
    if (at + 8 > end) throw new LoadError('truncated CO-RE section header', SECTION, at);
    const section = btf.stringAt(view.getUint32(at, le));
    const count = view.getUint32(at + 4, le);
    at += 8;
    if (at + count * recSize > end) throw new LoadError(`section '${section}': ${count} CO-RE records run past the end`, SECTION, at);
    for (let i = 0; i < count; i++, at += recSize) {
      out.push({
        section, index: i,
        insnOff: view.getUint32(at, le), typeId: view.getUint32(at + 4, le),
        access: btf.stringAt(view.getUint32(at + 8, le)), kind: view.getUint32(at + 12, le),
      });
    }
  }
  return out;
}
