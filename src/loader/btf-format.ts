/**
 * Map keys and values printed through their BTF types, the way `bpftool map dump` does with BTF:
 * `{packets: 576, bytes: 92183}` instead of hex bytes. Bytes are read little- or big-endian as the
 * object was compiled.
 */
import { type Btf, BTF_KIND, type BtfType } from './btf.js';

const INT_SIGNED = 1;
const INT_CHAR = 2;
const INT_BOOL = 4;
const MAX_DEPTH = 16;

/** Formats `bytes` as a value of BTF type `typeId`; falls back to hex where the type says too little. */
export function formatBtfValue(btf: Btf, typeId: number, bytes: Uint8Array, littleEndian = true): string {
  return format(btf, typeId, bytes, 0, littleEndian, 0);
}

function format(btf: Btf, typeId: number, bytes: Uint8Array, at: number, le: boolean, depth: number): string {
  if (depth > MAX_DEPTH) return '…';
  const t = btf.skipModifiers(typeId);
  switch (t.kind) {
    case BTF_KIND.INT: return formatInt(t, bytes, at, le);
    case BTF_KIND.PTR: return `0x${readUnsigned(bytes, at, 8, le).toString(16)}`;
    case BTF_KIND.ENUM: case BTF_KIND.ENUM64: {
      const v = readUnsigned(bytes, at, t.sizeOrType, le);
      const name = t.enumerators?.find((e) => BigInt.asUintN(t.sizeOrType * 8, e.value) === v)?.name;
      return name ?? v.toString();
    }
    case BTF_KIND.ARRAY: {
      const { type, nelems } = t.array!;
      const elem = btf.skipModifiers(type);
      if (elem.kind === BTF_KIND.INT && elem.sizeOrType === 1 && (elem.intEncoding! & INT_CHAR) !== 0) {
        return JSON.stringify(cString(bytes.subarray(at, at + nelems)));
      }
      const size = btf.sizeOf(type);
      const items: string[] = [];
      for (let i = 0; i < nelems; i++) items.push(format(btf, type, bytes, at + i * size, le, depth + 1));
      return `[${items.join(', ')}]`;
    }
    case BTF_KIND.STRUCT: case BTF_KIND.UNION: {
      const members = t.kind === BTF_KIND.UNION ? t.members.slice(0, 1) : t.members;
      const fields = members.map((m) => {
        const value = m.bitOffset % 8 === 0 ? format(btf, m.type, bytes, at + m.bitOffset / 8, le, depth + 1) : '?';
        return m.name ? `${m.name}: ${value}` : value;
      });
      return `{${fields.join(', ')}}`;
    }
    case BTF_KIND.DATASEC: {
      const vars = (t.vars ?? []).map((v) => `${btf.get(v.type).name}: ${format(btf, v.type, bytes, at + v.offset, le, depth + 1)}`);
      return `{${vars.join(', ')}}`;
    }
    case BTF_KIND.VAR: return format(btf, t.sizeOrType, bytes, at, le, depth + 1);
    default: return hexOf(bytes.subarray(at, at + safeSize(btf, t)));
  }
}

function formatInt(t: BtfType, bytes: Uint8Array, at: number, le: boolean): string {
  const size = t.sizeOrType;
  if (size > 8) return hexOf(bytes.subarray(at, at + size));
  const v = readUnsigned(bytes, at, size, le);
  const encoding = t.intEncoding ?? 0;
  if (encoding & INT_BOOL) return v === 0n ? 'false' : 'true';
  if (encoding & INT_SIGNED) return BigInt.asIntN(size * 8, v).toString();
  return v.toString();
}

function readUnsigned(bytes: Uint8Array, at: number, size: number, le: boolean): bigint {
  let v = 0n;
  for (let i = 0; i < size; i++) {
    const b = BigInt(bytes[at + (le ? size - 1 - i : i)] ?? 0);
    v = (v << 8n) | b;
  }
  return v;
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return String.fromCharCode(...bytes.subarray(0, end < 0 ? bytes.length : end));
}

function safeSize(btf: Btf, t: BtfType): number {
  try {
    return btf.sizeOf(t.id);
  } catch {
    return 0;
  }
}

function hexOf(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
