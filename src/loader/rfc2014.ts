/**
 * The image format of the original extended-BPF proposal (Alexei Starovoitov, PLUMgrid,
 * 2013–2014), translated to today's instruction set so the rest of tsbpf can run it.
 *
 * Two layouts, both starting with "bpf\0":
 *
 * - 2013 (v1): three u32 sizes (instructions, tables, string table), then the instructions,
 *   `struct bpf_table` records and a NUL-separated string table. One program, no license.
 * - 2014 (v2): a u32 string-table size and the string table, then sections of
 *   { u32 size; u32 name (string-table offset); bytes }. `license` holds the license, which
 *   must be GPL-compatible; `bpftables` holds `struct bpf_table` records; every `e <event>`
 *   section is a program attached to that event.
 *
 * Old encoding → today's (opcode bytes; register nibbles and off/imm are laid out the same):
 *
 * | old | meaning | today |
 * |---|---|---|
 * | class 4 `BPF_ALU` | 64-bit ALU | class 7 `ALU64`, same operation nibble |
 * | `BPF_ALU \| BPF_BSWAP32/64 \| X` (0xdc / 0xec) | byte swap | `be32` / `be64` (0xdc, imm 32/64) |
 * | `BPF_RET \| K` (0x06) | end of program | `exit` (0x95) |
 * | `BPF_JMP \| BPF_JA \| X` (0x0d) | goto | `ja` (0x05) |
 * | mode `BPF_REL` (0xc0) on LDX/ST/STX | register-relative memory | mode `MEM` (0x60) |
 * | `BPF_STX \| BPF_XADD` (0xe0 mode) | atomic add | `ATOMIC` (0xc0) with imm 0 (W and DW only) |
 * | `BPF_JMP \| BPF_CALL`, imm = string-table offset of the function's name | call by name | helper id by name |
 *
 * The table functions took a table index where today's helpers take a map pointer:
 * `bpf_table_lookup(ctx, table_id, key)`, `bpf_table_update(ctx, table_id, key, leaf)`,
 * `bpf_table_delete(ctx, table_id, key)`. They become calls of tsbpf's compatibility helpers
 * (ids in `LEGACY_HELPER`) that the runner implements on the image's tables.
 */
import { LoadError } from '../errors.js';
import { helperId } from '../isa/helpers.js';
import type { Insn } from '../isa/insn.js';
import { MAP_TYPE, type MapDef } from '../maps/types.js';
import type { BpfObject, LoadedProgram } from './object.js';

export const RFC2014_MAGIC = [0x62, 0x70, 0x66, 0x00]; // "bpf\0"

/** tsbpf-specific helper ids for the 2014 table functions (outside the kernel's id range). */
export const LEGACY_HELPER = { table_lookup: 0x10001, table_update: 0x10002, table_delete: 0x10003 } as const;

/** Old function names → today's helper (where the arguments are the same). */
const RENAMED: Record<string, string> = {
  bpf_trace_printk: 'trace_printk', bpf_ktime_get_ns: 'ktime_get_ns', bpf_get_prandom_u32: 'get_prandom_u32',
};

export function isRfc2014Image(bytes: Uint8Array): boolean {
  return RFC2014_MAGIC.every((b, i) => bytes[i] === b);
}

/** The kernel's license_is_gpl_compatible(). */
export function isGplCompatible(license: string): boolean {
  return ['GPL', 'GPL v2', 'GPL and additional rights', 'Dual BSD/GPL', 'Dual MIT/GPL', 'Dual MPL/GPL'].includes(license);
}

const TABLE_SIZE = 20; // struct bpf_table: type, key_size, elem_size, max_entries, param1
const OLD_TABLE_TYPE: Record<number, number> = { 1: MAP_TYPE.hash, 2: MAP_TYPE.lpm_trie };

export function loadRfc2014(bytes: Uint8Array): BpfObject {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 16 || !isRfc2014Image(bytes)) throw new LoadError('not a 2014 BPF image (missing "bpf\\0")', 'image header', 0);
  const u32 = (at: number, where: string): number => {
    if (at + 4 > bytes.length) throw new LoadError('truncated', where, at);
    return view.getUint32(at, true);
  };
  // v1: insn, table and string-table sizes add up to the file.
  const v1 = 16 + u32(4, 'image header') + u32(8, 'image header') + u32(12, 'image header') === bytes.length;
  if (v1) {
    const insnSize = u32(4, 'image header');
    const tableSize = u32(8, 'image header');
    const strtab = bytes.subarray(16 + insnSize + tableSize);
    if (insnSize === 0 || insnSize % 8 !== 0 || tableSize % TABLE_SIZE !== 0) {
      throw new LoadError(`instruction size ${insnSize} / table size ${tableSize} are not whole records`, 'image header', 4);
    }
    const maps = tables(bytes.subarray(16 + insnSize, 16 + insnSize + tableSize), 'tables', 16 + insnSize);
    const program = translate(bytes.subarray(16, 16 + insnSize), strtab, 'insns', 16, maps.length);
    return object([program], maps, '');
  }
  const strSize = u32(4, 'image header');
  if (8 + strSize > bytes.length) throw new LoadError(`string table of ${strSize} bytes runs past the end`, 'image header', 4);
  const strtab = bytes.subarray(8, 8 + strSize);
  let license = '';
  let maps: MapDef[] = [];
  const sections: { name: string; data: Uint8Array; offset: number }[] = [];
  for (let at = 8 + strSize; at < bytes.length;) {
    const size = u32(at, `section at ${at}`);
    const name = cString(strtab, u32(at + 4, `section at ${at}`), `section at ${at}`);
    if (at + 8 + size > bytes.length) throw new LoadError(`section of ${size} bytes runs past the end of the image`, name, at);
    sections.push({ name, data: bytes.subarray(at + 8, at + 8 + size), offset: at + 8 });
    at += 8 + size;
  }
  for (const s of sections) {
    if (s.name === 'license') license = cString(s.data, 0, 'license');
    else if (s.name === 'bpftables') maps = tables(s.data, 'bpftables', s.offset);
  }
  if (!isGplCompatible(license)) {
    throw new LoadError(`license '${license}' is not GPL-compatible (the 2014 format requires it)`, 'license');
  }
  const programs = sections.filter((s) => s.name.startsWith('e ')).map((s) => translate(s.data, strtab, s.name, s.offset, maps.length));
  if (programs.length === 0) throw new LoadError('image has no "e <event>" program section', 'image');
  return object(programs, maps, license);
}

function object(programs: LoadedProgram[], maps: MapDef[], license: string): BpfObject {
  return { programs, refused: [], maps, license, version: undefined, littleEndian: true, btf: undefined };
}

function cString(bytes: Uint8Array, at: number, where: string): string {
  if (at >= bytes.length) throw new LoadError(`string offset ${at} is outside the string table`, where);
  const end = bytes.indexOf(0, at);
  return new TextDecoder().decode(bytes.subarray(at, end < 0 ? bytes.length : end));
}

function tables(data: Uint8Array, where: string, offset: number): MapDef[] {
  if (data.length % TABLE_SIZE !== 0) throw new LoadError(`${data.length} bytes are not whole 20-byte table records`, where, offset);
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out: MapDef[] = [];
  for (let i = 0; i < data.length / TABLE_SIZE; i++) {
    const at = i * TABLE_SIZE;
    const oldType = v.getUint32(at, true);
    const type = OLD_TABLE_TYPE[oldType];
    if (type === undefined) throw new LoadError(`table ${i}: unknown table type ${oldType} (1 = hash, 2 = LPM)`, where, offset + at);
    out.push({
      name: `table${i}`, type, keySize: v.getUint32(at + 4, true), valueSize: v.getUint32(at + 8, true),
      maxEntries: v.getUint32(at + 12, true), flags: type === MAP_TYPE.lpm_trie ? 1 : 0, section: where, offset: offset + at,
    });
  }
  return out;
}

const OLD = { LD: 0, LDX: 1, ST: 2, STX: 3, ALU: 4, JMP: 5, RET: 6 } as const;
const MODE_REL = 0xc0;
const MODE_XADD = 0xe0;

/** Translates one program's old-format instructions. */
function translate(code: Uint8Array, strtab: Uint8Array, section: string, offset: number, tableCount: number): LoadedProgram {
  if (code.length === 0 || code.length % 8 !== 0) throw new LoadError(`${code.length} bytes are not whole 8-byte instructions`, section, offset);
  const v = new DataView(code.buffer, code.byteOffset, code.byteLength);
  const insns: Insn[] = [];
  for (let at = 0; at < code.length; at += 8) {
    const op = v.getUint8(at);
    const regs = v.getUint8(at + 1);
    const insn: Insn = { code: op, dst: regs & 0xf, src: regs >> 4, off: v.getInt16(at + 2, true), imm: v.getInt32(at + 4, true) };
    const where = (why: string): LoadError => new LoadError(`instruction ${at / 8} (0x${op.toString(16).padStart(2, '0')}): ${why}`, section, offset + at);
    const cls = op & 7;
    switch (cls) {
      case OLD.ALU: {
        const aluOp = op & 0xf0;
        if (aluOp === 0xd0 || aluOp === 0xe0) insns.push({ ...insn, code: 0xdc, src: 0, imm: aluOp === 0xd0 ? 32 : 64 }); // bswap → be32/be64
        else insns.push({ ...insn, code: (op & 0xf8) | 0x07 });
        break;
      }
      case OLD.JMP: {
        const jmpOp = op & 0xf0;
        if (op === 0x0d) insns.push({ ...insn, code: 0x05, dst: 0, src: 0, imm: 0 });
        else if (jmpOp === 0x80) insns.push(callOf(insn, strtab, tableCount, where));
        else if (jmpOp <= 0x70) insns.push(insn);
        else throw where('unknown jump operation');
        break;
      }
      case OLD.RET: insns.push({ code: 0x95, dst: 0, src: 0, off: 0, imm: 0 }); break;
      case OLD.LDX: case OLD.ST: case OLD.STX: {
        const mode = op & 0xe0;
        const size = op & 0x18;
        if (mode === MODE_REL) insns.push({ ...insn, code: (op & 0x1f) | 0x60 });
        else if (mode === MODE_XADD && cls === OLD.STX && (size === 0x00 || size === 0x18)) insns.push({ ...insn, code: size | 0xc3, imm: 0 });
        else throw where(mode === MODE_XADD ? 'atomic add on 8- or 16-bit memory has no equivalent today' : 'unsupported memory mode');
        break;
      }
      default: throw where('instruction class not in the 2014 instruction set');
    }
  }
  const event = section.startsWith('e ') ? section.slice(2) : section;
  return {
    name: event, section, function: null, type: 'raw_tracepoint', typeFrom: 'guess', insns, slots: insns.length, externs: [],
  };
}

/** `call <string-table offset of a name>` → a helper call by id. */
function callOf(insn: Insn, strtab: Uint8Array, tableCount: number, where: (why: string) => LoadError): Insn {
  const name = cString(strtab, insn.imm, 'string table');
  const table = /^bpf_table_(lookup|update|delete)$/.exec(name);
  if (table) {
    if (tableCount === 0) throw where(`${name} without a bpftables section`);
    return { code: 0x85, dst: 0, src: 0, off: 0, imm: LEGACY_HELPER[`table_${table[1] as 'lookup' | 'update' | 'delete'}`] };
  }
  const id = helperId(RENAMED[name] ?? name);
  if (id === undefined) throw where(`function '${name}' has no counterpart in today's helpers`);
  return { code: 0x85, dst: 0, src: 0, off: 0, imm: id };
}
