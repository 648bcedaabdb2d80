/**
 * A minimal ELF64 reader for BPF objects: header, section headers, symbols and REL/RELA
 * relocations, in either byte order. It knows nothing of BPF beyond the machine number; the
 * object loader (object.ts) gives meaning to sections.
 */
import { LoadError } from '../errors.js';

export const EM_BPF = 247;
export const EM_NONE = 0;

export const SHT = { NULL: 0, PROGBITS: 1, SYMTAB: 2, STRTAB: 3, RELA: 4, NOBITS: 8, REL: 9 } as const;
export const SHF_EXECINSTR = 0x4;
export const STT = { NOTYPE: 0, OBJECT: 1, FUNC: 2, SECTION: 3, FILE: 4 } as const;
export const STB = { LOCAL: 0, GLOBAL: 1, WEAK: 2 } as const;
export const SHN_UNDEF = 0;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;

/** BPF relocation types (llvm/BinaryFormat/ELFRelocs/BPF.def). */
export const R_BPF = { NONE: 0, R64_64: 1, ABS64: 2, ABS32: 3, NODYLD32: 4, R64_32: 10 } as const;

export interface ElfSection {
  index: number;
  name: string;
  type: number;
  flags: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  entsize: number;
  /** The section's bytes (empty for NOBITS). */
  data: Uint8Array;
}

export interface ElfSymbol {
  index: number;
  name: string;
  type: number;
  bind: number;
  shndx: number;
  value: number;
  size: number;
  /** `st_other & 3`: STV_DEFAULT 0, STV_HIDDEN 2 (libbpf makes hidden functions static in BTF). */
  visibility?: number;
}

export interface ElfRelocation {
  /** Byte offset inside the target section. */
  offset: number;
  type: number;
  symbol: ElfSymbol;
  /** RELA only; REL keeps its addend in the instruction. */
  addend: number | undefined;
}

export interface ElfFile {
  littleEndian: boolean;
  machine: number;
  sections: ElfSection[];
  symbols: ElfSymbol[];
  /** Relocations keyed by the index of the section they apply to. */
  relocations: Map<number, ElfRelocation[]>;
  view(section: ElfSection): DataView;
  sectionByName(name: string): ElfSection | undefined;
}

function u64(view: DataView, at: number, le: boolean, where: string): number {
  const v = view.getBigUint64(at, le);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new LoadError(`64-bit field 0x${v.toString(16)} is too large`, where, at);
  return Number(v);
}

export function parseElf(bytes: Uint8Array): ElfFile {
  if (bytes.length < 64) throw new LoadError(`file is ${bytes.length} bytes, too short for an ELF header`, 'ELF header', 0);
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new LoadError('not an ELF file (bad magic)', 'ELF header', 0);
  }
  if (bytes[4] !== 2) throw new LoadError(`ELF class ${bytes[4]} is not ELF64`, 'ELF header', 4);
  if (bytes[5] !== 1 && bytes[5] !== 2) throw new LoadError(`unknown ELF data encoding ${bytes[5]}`, 'ELF header', 5);
  const le = bytes[5] === 1;
  const file = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const machine = file.getUint16(18, le);
  if (machine !== EM_BPF && machine !== EM_NONE) throw new LoadError(`e_machine ${machine} is not EM_BPF (247)`, 'ELF header', 18);
  const shoff = u64(file, 40, le, 'ELF header');
  const shentsize = file.getUint16(58, le);
  let shnum = file.getUint16(60, le);
  const shstrndx = file.getUint16(62, le);
  if (shoff === 0) throw new LoadError('object has no section headers', 'ELF header', 40);
  if (shentsize !== 64) throw new LoadError(`section header size ${shentsize}, expected 64`, 'ELF header', 58);
  if (shnum === 0 && shoff + 64 <= bytes.length) shnum = u64(file, shoff + 32, le, 'section headers'); // extended numbering
  if (shoff + shnum * 64 > bytes.length) throw new LoadError(`${shnum} section headers at 0x${shoff.toString(16)} run past the end of the file`, 'section headers', shoff);

  const raw: Omit<ElfSection, 'name' | 'data'>[] = [];
  const nameOffs: number[] = [];
  for (let i = 0; i < shnum; i++) {
    const at = shoff + i * 64;
    nameOffs.push(file.getUint32(at, le));
    const type = file.getUint32(at + 4, le);
    const offset = u64(file, at + 24, le, 'section headers');
    const size = u64(file, at + 32, le, 'section headers');
    if (type !== SHT.NOBITS && type !== SHT.NULL && offset + size > bytes.length) {
      throw new LoadError(`section ${i} (bytes 0x${offset.toString(16)}+0x${size.toString(16)}) runs past the end of the file`, `section ${i}`, offset);
    }
    raw.push({
      index: i, type, flags: u64(file, at + 8, le, 'section headers'), offset, size,
      link: file.getUint32(at + 40, le), info: file.getUint32(at + 44, le), entsize: u64(file, at + 56, le, 'section headers'),
    });
  }
  const strtab = raw[shstrndx];
  if (!strtab || strtab.type !== SHT.STRTAB) throw new LoadError(`section name table index ${shstrndx} is not a string table`, 'ELF header', 62);
  const strAt = (tab: { offset: number; size: number }, off: number, where: string): string => {
    if (off >= tab.size && !(off === 0 && tab.size === 0)) throw new LoadError(`string offset ${off} is outside the string table`, where);
    let end = tab.offset + off;
    const limit = tab.offset + tab.size;
    while (end < limit && bytes[end] !== 0) end++;
    return new TextDecoder().decode(bytes.subarray(tab.offset + off, end));
  };
  const sections: ElfSection[] = raw.map((s, i) => ({
    ...s,
    name: strAt(strtab, nameOffs[i]!, `section ${i}`),
    data: s.type === SHT.NOBITS || s.type === SHT.NULL ? new Uint8Array(0) : bytes.subarray(s.offset, s.offset + s.size),
  }));

  const symbols: ElfSymbol[] = [];
  const symtab = sections.find((s) => s.type === SHT.SYMTAB);
  if (symtab) {
    if (symtab.entsize !== 24 || symtab.size % 24 !== 0) {
      throw new LoadError(`malformed symbol table (sh_link ${symtab.link}, sh_entsize ${symtab.entsize})`, symtab.name);
    }
    const names = sections[symtab.link];
    if (!names || names.type !== SHT.STRTAB) throw new LoadError(`symbol table links to section ${symtab.link}, which is not a string table`, symtab.name);
    for (let i = 0; i < symtab.size / 24; i++) {
      const at = symtab.offset + i * 24;
      const info = file.getUint8(at + 4);
      symbols.push({
        index: i, name: strAt(names, file.getUint32(at, le), symtab.name), type: info & 0xf, bind: info >> 4,
        shndx: file.getUint16(at + 6, le), value: u64(file, at + 8, le, symtab.name), size: u64(file, at + 16, le, symtab.name),
        visibility: file.getUint8(at + 5) & 3,
      });
    }
  }

  const relocations = new Map<number, ElfRelocation[]>();
  for (const s of sections) {
    if (s.type !== SHT.REL && s.type !== SHT.RELA) continue;
    const rela = s.type === SHT.RELA;
    const size = rela ? 24 : 16;
    if (s.size % size !== 0) throw new LoadError(`relocation section size ${s.size} is not a multiple of ${size}`, s.name);
    const list: ElfRelocation[] = [];
    for (let at = s.offset; at < s.offset + s.size; at += size) {
      const info = file.getBigUint64(at + 8, le);
      const symIndex = Number(info >> 32n);
      const symbol = symbols[symIndex];
      if (!symbol) throw new LoadError(`relocation refers to symbol ${symIndex}, which does not exist`, s.name, at - s.offset);
      list.push({
        offset: u64(file, at, le, s.name), type: Number(info & 0xffffffffn), symbol,
        addend: rela ? Number(file.getBigInt64(at + 16, le)) : undefined,
      });
    }
    const prev = relocations.get(s.info) ?? [];
    relocations.set(s.info, prev.concat(list));
  }

  return {
    littleEndian: le, machine, sections, symbols, relocations,
    view: (sec) => new DataView(sec.data.buffer, sec.data.byteOffset, sec.data.byteLength),
    sectionByName: (name) => sections.find((s) => s.name === name),
  };
}
