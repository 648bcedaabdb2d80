/**
 * Just enough BTF to read BTF-defined maps: the type section (every kind, so offsets stay right),
 * names, sizes, struct members, variables and data sections. See the kernel's
 * Documentation/bpf/btf.rst for the encoding.
 */
import { LoadError } from '../errors.js';

export const BTF_KIND = {
  UNKN: 0, INT: 1, PTR: 2, ARRAY: 3, STRUCT: 4, UNION: 5, ENUM: 6, FWD: 7, TYPEDEF: 8, VOLATILE: 9,
  CONST: 10, RESTRICT: 11, FUNC: 12, FUNC_PROTO: 13, VAR: 14, DATASEC: 15, FLOAT: 16, DECL_TAG: 17,
  TYPE_TAG: 18, ENUM64: 19,
} as const;

export interface BtfMember {
  name: string;
  type: number;
  /** bit offset (bitfields folded away) */
  bitOffset: number;
  /** Bitfield width in bits when the struct's kind flag is set, else 0 (CO-RE reads it). */
  bitfieldSize?: number;
}

export interface BtfType {
  id: number;
  kind: number;
  name: string;
  /** size for INT/STRUCT/UNION/ENUM/FLOAT/DATASEC; referenced type id otherwise. */
  sizeOrType: number;
  kindFlag: boolean;
  /** Member count (FUNC_PROTO: parameter count, parameters in `members`); for FUNC the linkage (0 static, 1 global, 2 extern); for VAR see `linkage`. */
  vlen: number;
  members: BtfMember[];
  /** ARRAY: element type and count. */
  array?: { type: number; nelems: number };
  /** DATASEC: variables with their offsets. */
  vars?: { type: number; offset: number; size: number }[];
  /** INT: the encoding bits (1 signed, 2 char, 4 bool). */
  intEncoding?: number;
  /** INT: the value's bit offset and width (`BTF_INT_OFFSET`, `BTF_INT_BITS`). */
  intOffset?: number;
  intBits?: number;
  /** VAR: linkage (0 static, 1 global, 2 extern). */
  linkage?: number;
  /** ENUM / ENUM64: the enumerators. */
  enumerators?: { name: string; value: bigint }[];
}

export class Btf {
  readonly types: BtfType[];
  /** A string of the string section by offset (CO-RE access strings live there). */
  readonly stringAt: (offset: number) => string;
  constructor(types: BtfType[], stringAt: (offset: number) => string = () => '') {
    this.types = types;
    this.stringAt = stringAt;
  }

  get(id: number): BtfType {
    const t = this.types[id];
    if (!t) throw new LoadError(`type id ${id} does not exist`, '.BTF');
    return t;
  }

  /** Follows typedefs and qualifiers. */
  skipModifiers(id: number): BtfType {
    let t = this.get(id);
    for (let guard = 0; guard < 64; guard++) {
      if (t.kind !== BTF_KIND.TYPEDEF && t.kind !== BTF_KIND.VOLATILE && t.kind !== BTF_KIND.CONST
        && t.kind !== BTF_KIND.RESTRICT && t.kind !== BTF_KIND.TYPE_TAG) return t;
      t = this.get(t.sizeOrType);
    }
    throw new LoadError(`type ${id}: modifier chain too long`, '.BTF');
  }

  sizeOf(id: number, depth = 0): number {
    if (depth > 64) throw new LoadError(`type ${id}: type chain too deep`, '.BTF');
    const t = this.skipModifiers(id);
    switch (t.kind) {
      case BTF_KIND.PTR: return 8;
      case BTF_KIND.ARRAY: return t.array!.nelems * this.sizeOf(t.array!.type, depth + 1);
      case BTF_KIND.VAR: return this.sizeOf(t.sizeOrType, depth + 1);
      case BTF_KIND.INT: case BTF_KIND.STRUCT: case BTF_KIND.UNION: case BTF_KIND.ENUM:
      case BTF_KIND.ENUM64: case BTF_KIND.FLOAT: case BTF_KIND.DATASEC: return t.sizeOrType;
      default: throw new LoadError(`type ${id} (kind ${t.kind}) has no size`, '.BTF');
    }
  }

  datasec(name: string): BtfType | undefined {
    return this.types.find((t) => t.kind === BTF_KIND.DATASEC && t.name === name);
  }
}

export function parseBtf(data: Uint8Array, littleEndian: boolean): Btf {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data.length < 24) throw new LoadError('BTF header is truncated', '.BTF', 0);
  let le = littleEndian;
  if (view.getUint16(0, le) !== 0xeb9f) {
    le = !le;
    if (view.getUint16(0, le) !== 0xeb9f) throw new LoadError('bad BTF magic', '.BTF', 0);
  }
  const hdrLen = view.getUint32(4, le);
  const typeOff = hdrLen + view.getUint32(8, le);
  const typeLen = view.getUint32(12, le);
  const strOff = hdrLen + view.getUint32(16, le);
  const strLen = view.getUint32(20, le);
  if (typeOff + typeLen > data.length || strOff + strLen > data.length) throw new LoadError('BTF sections run past the end of .BTF', '.BTF', 0);
  const decoder = new TextDecoder();
  const str = (off: number): string => {
    if (off >= strLen) return '';
    let end = strOff + off;
    while (end < strOff + strLen && data[end] !== 0) end++;
    return decoder.decode(data.subarray(strOff + off, end));
  };
  const types: BtfType[] = [{ id: 0, kind: 0, name: 'void', sizeOrType: 0, kindFlag: false, vlen: 0, members: [] }];
  let at = typeOff;
  const end = typeOff + typeLen;
  try {
    readTypes();
  } catch (e) {
    if (e instanceof RangeError) throw new LoadError('type record runs past the end of the type section', '.BTF', at);
    throw e;
  }
  return new Btf(types, str);

  function readTypes(): void {
    while (at < end) {
      if (at + 12 > end) throw new LoadError('truncated type record', '.BTF', at);
      const info = view.getUint32(at + 4, le);
      const kind = (info >>> 24) & 0x1f;
      const vlen = info & 0xffff;
      const kindFlag = (info >>> 31) === 1;
      const t: BtfType = { id: types.length, kind, name: str(view.getUint32(at, le)), sizeOrType: view.getUint32(at + 8, le), kindFlag, vlen, members: [] };
      at += 12;
      switch (kind) {
        case BTF_KIND.INT: {
          const data = view.getUint32(at, le);
          t.intEncoding = data >>> 24;
          t.intOffset = (data >>> 16) & 0xff;
          t.intBits = data & 0xff;
          at += 4;
          break;
        }
        case BTF_KIND.VAR: t.linkage = view.getUint32(at, le); at += 4; break;
        case BTF_KIND.DECL_TAG: at += 4; break;
        case BTF_KIND.ARRAY:
          t.array = { type: view.getUint32(at, le), nelems: view.getUint32(at + 8, le) };
          at += 12;
          break;
        case BTF_KIND.STRUCT: case BTF_KIND.UNION:
          for (let i = 0; i < vlen; i++, at += 12) {
            const off = view.getUint32(at + 8, le);
            t.members.push({
              name: str(view.getUint32(at, le)), type: view.getUint32(at + 4, le),
              bitOffset: kindFlag ? off & 0xffffff : off, bitfieldSize: kindFlag ? off >>> 24 : 0,
            });
          }
          break;
        case BTF_KIND.ENUM:
          t.enumerators = [];
          for (let i = 0; i < vlen; i++, at += 8) {
            const v = view.getUint32(at + 4, le);
            t.enumerators.push({ name: str(view.getUint32(at, le)), value: BigInt(kindFlag ? v | 0 : v) });
          }
          break;
        case BTF_KIND.FUNC_PROTO: // parameters as members (name, type)
          for (let i = 0; i < vlen; i++, at += 8) t.members.push({ name: str(view.getUint32(at, le)), type: view.getUint32(at + 4, le), bitOffset: 0 });
          break;
        case BTF_KIND.ENUM64:
          t.enumerators = [];
          for (let i = 0; i < vlen; i++, at += 12) {
            const v = (BigInt(view.getUint32(at + 8, le)) << 32n) | BigInt(view.getUint32(at + 4, le));
            t.enumerators.push({ name: str(view.getUint32(at, le)), value: kindFlag ? BigInt.asIntN(64, v) : v });
          }
          break;
        case BTF_KIND.DATASEC:
          t.vars = [];
          for (let i = 0; i < vlen; i++, at += 12) {
            t.vars.push({ type: view.getUint32(at, le), offset: view.getUint32(at + 4, le), size: view.getUint32(at + 8, le) });
          }
          break;
        case BTF_KIND.PTR: case BTF_KIND.FWD: case BTF_KIND.TYPEDEF: case BTF_KIND.VOLATILE: case BTF_KIND.CONST:
        case BTF_KIND.RESTRICT: case BTF_KIND.FUNC: case BTF_KIND.FLOAT: case BTF_KIND.TYPE_TAG: break;
        default: throw new LoadError(`unknown BTF kind ${kind} (type ${t.id})`, '.BTF', at - 12);
      }
      types.push(t);
      if (at > end) throw new RangeError('past the type section');
    }
  }
}
