/**
 * BPF object files → programs and map definitions, the way libbpf (and iproute2 for legacy
 * objects) does it:
 *
 * - programs: every function symbol in an executable section other than `.text`; a whole section
 *   when it has no function symbols (old clang); `.text` functions only when there is no other code;
 * - subprograms: each function a program calls (R_BPF_64_32 or a pc-relative `call`) is appended
 *   once after the program and the call offset patched;
 * - map references (R_BPF_64_64 on LD_IMM64) become `src=1 (BPF_PSEUDO_MAP_FD), imm=<map index>`;
 *   global data references become `src=2 (BPF_PSEUDO_MAP_VALUE), imm=<map index>, hi=<offset>`;
 *   function addresses (callbacks) become `src=4 (BPF_PSEUDO_FUNC)` with a relative offset, as in
 *   the kernel's ABI, so the verifier and the VM read the same program the kernel would get.
 */
import { LoadError } from '../errors.js';
import { type Insn, LdImm64Src, readSlot } from '../isa/index.js';
import type { MapDef } from '../maps/types.js';
import { type Btf, BTF_KIND, parseBtf } from './btf.js';
import { type ElfFile, type ElfRelocation, type ElfSection, parseElf, R_BPF, SHF_EXECINSTR, SHN_UNDEF, SHT, STT } from './elf.js';
import { parseCoreRelos } from './btf-ext.js';
import { applyCoreRelocations, type CoreOutcome } from './core.js';
import { resolveKsyms } from './externs.js';
import { btfMaps, globalDataMap, isGlobalDataSection, legacyMaps } from './mapdefs.js';
import { type ProgTypeName, progTypeOfSection } from './sections.js';

const CALL = 0x85;
const LDDW = 0x18;
const PSEUDO_CALL = 1;
const PSEUDO_KFUNC_CALL = 2;
const STB_WEAK = 2;

export interface LoadedProgram {
  /** The function symbol's name, or the section name for a whole-section program. */
  name: string;
  section: string;
  function: string | null;
  type: ProgTypeName;
  /** Whether libbpf derives the type from the section name, or tsbpf guessed it. */
  typeFrom: 'libbpf' | 'guess';
  /** Relocated instructions, called subprograms appended. */
  insns: Insn[];
  /** Number of 8-byte slots (what the kernel's `insn_cnt` counts). */
  slots: number;
  /** External symbols the program refers to (kfuncs, `__ksym`, `.kconfig`) by instruction index. */
  externs: { insn: number; name: string }[];
  /** Appended functions by name and first slot (for BTF func_info: which subprogram is which). */
  subprogs?: { slot: number; name: string }[];
}

export interface BpfObject {
  programs: LoadedProgram[];
  /** Programs that could not be linked (e.g. a call to an undefined `memset`), with the reason. */
  refused: { name: string; section: string; error: LoadError }[];
  /** All maps: declared ones, then global-data maps. `imm` of a map reference indexes this. */
  maps: MapDef[];
  license: string;
  /** `version` section (kernel version for old kprobes), if present. */
  version: number | undefined;
  littleEndian: boolean;
  btf: Btf | undefined;
  /** With `kernelBtf`: what each CO-RE relocation record did (libbpf's decisions). */
  core?: CoreOutcome[];
}

export interface LoadOptions {
  /** Name used in messages. */
  file?: string;
  /**
   * The target kernel's BTF (e.g. `readKernelBtf()` from the Node adapter). With it, CO-RE
   * relocations are applied and `__ksym` externs resolved, as libbpf does when it loads the object;
   * without it, instructions stay as the compiler wrote them. A function is called only for objects
   * that need kernel BTF (reading the kernel's 126,000 types costs a quarter of a second).
   */
  kernelBtf?: Btf | (() => Btf);
}

/** A code section as 8-byte slots. */
interface Code {
  section: ElfSection;
  slots: Insn[];
  /** Function symbols, sorted by start slot. */
  functions: { name: string; start: number; end: number }[];
  relocations: Map<number, ElfRelocation>;
}

export function loadElf(bytes: Uint8Array, options: LoadOptions = {}): BpfObject {
  const elf = parseElf(bytes);
  const license = readLicense(elf);
  const versionSec = elf.sectionByName('version');
  const version = versionSec && versionSec.size >= 4 ? elf.view(versionSec).getUint32(0, elf.littleEndian) : undefined;
  const btfSec = elf.sectionByName('.BTF');
  let btf: Btf | undefined;
  const maps: MapDef[] = [];
  /** section index → how its symbols name maps. */
  const mapSections = new Map<number, { kind: 'defs'; first: number; defs: MapDef[] } | { kind: 'data'; index: number }>();

  const dotMaps = elf.sectionByName('.maps');
  if (btfSec && btfSec.type !== SHT.NOBITS) {
    try {
      btf = parseBtf(btfSec.data, elf.littleEndian);
    } catch (e) {
      if (dotMaps) throw e; // without BTF the maps cannot be read; otherwise BTF is only debug info
    }
  }
  for (const sec of elf.sections) {
    if (sec.type !== SHT.PROGBITS && sec.type !== SHT.NOBITS) continue;
    if (sec.name === 'maps' || sec.name.startsWith('maps/')) {
      const defs = legacyMaps(elf, sec);
      mapSections.set(sec.index, { kind: 'defs', first: maps.length, defs });
      maps.push(...defs);
    } else if (sec.name === '.maps') {
      if (!btf) throw new LoadError('BTF-defined maps need a .BTF section', sec.name);
      const defs = btfMaps(elf, sec, btf);
      mapSections.set(sec.index, { kind: 'defs', first: maps.length, defs });
      maps.push(...defs);
    }
  }
  for (const sec of elf.sections) {
    if ((sec.type === SHT.PROGBITS || sec.type === SHT.NOBITS) && (sec.flags & SHF_EXECINSTR) === 0 && isGlobalDataSection(sec.name)) {
      mapSections.set(sec.index, { kind: 'data', index: maps.length });
      const def = globalDataMap(sec);
      const datasec = btf?.datasec(sec.name);
      if (datasec) {
        // As libbpf's btf_fixup_datasec: in an object file the variables' offsets are the symbols'.
        for (const v of datasec.vars ?? []) {
          const sym = elf.symbols.find((x) => x.shndx === sec.index && x.name === btf!.get(v.type).name);
          if (sym) v.offset = sym.value;
        }
        def.btfValue = datasec.id;
      }
      maps.push(def);
    }
  }

  const codes = new Map<number, Code>();
  for (const sec of elf.sections) {
    if (sec.type !== SHT.PROGBITS || (sec.flags & SHF_EXECINSTR) === 0 || sec.size === 0) continue;
    codes.set(sec.index, readCode(elf, sec));
  }
  const extSec = elf.sectionByName('.BTF.ext');
  const coreRelos = btf && extSec && extSec.type !== SHT.NOBITS && options.kernelBtf ? parseCoreRelos(extSec.data, btf, elf.littleEndian) : [];
  // kfuncs may be declared only as extern BTF FUNCs (older clang puts no `.ksyms` DATASEC).
  const needsKernel = coreRelos.length > 0 || !!btf?.datasec('.ksyms') || !!btf?.types.some((t) => t.kind === BTF_KIND.FUNC && t.vlen === 2);
  const kernelBtf = needsKernel && options.kernelBtf ? (typeof options.kernelBtf === 'function' ? options.kernelBtf() : options.kernelBtf) : undefined;
  let core: ReturnType<typeof applyCoreRelocations> | undefined;
  if (kernelBtf && btf && coreRelos.length) {
    core = applyCoreRelocations(coreRelos, btf, kernelBtf, [...codes.values()].map((c) => ({ name: c.section.name, slots: c.slots })), elf.littleEndian);
  }
  const weakExterns = new Set(elf.symbols.filter((s) => s.shndx === SHN_UNDEF && s.bind === STB_WEAK).map((s) => s.name));
  const ksyms = externNames(btf);
  const programs: LoadedProgram[] = [];
  const refused: BpfObject['refused'] = [];
  const hasNonText = [...codes.values()].some((c) => c.section.name !== '.text');
  for (const code of codes.values()) {
    if (code.section.name === '.text' && hasNonText) continue;
    const entries = code.functions.length
      ? code.functions.map((f) => ({ name: f.name, fn: f.name as string | null, start: f.start, end: f.end }))
      : [{ name: code.section.name, fn: null, start: 0, end: code.slots.length }];
    for (const e of entries) {
      const { type, from } = progTypeOfSection(code.section.name);
      let linked: ReturnType<typeof link>;
      try {
        linked = link(code, e.start, e.end, codes, mapSections, ksyms, core?.failures);
        if (kernelBtf && btf) linked.insns = resolveKsyms(linked.insns, linked.externs, btf, kernelBtf, weakExterns, code.section.name);
      } catch (err) {
        if (!(err instanceof LoadError)) throw err;
        refused.push({ name: e.name, section: code.section.name, error: err });
        continue;
      }
      programs.push({ name: e.name, section: code.section.name, function: e.fn, type, typeFrom: from, ...linked });
    }
  }
  return { programs, refused, maps, license, version, littleEndian: elf.littleEndian, btf, ...(core ? { core: core.outcomes } : {}) };
}

function readLicense(elf: ElfFile): string {
  const sec = elf.sectionByName('license');
  if (!sec) return '';
  const nul = sec.data.indexOf(0);
  return new TextDecoder().decode(sec.data.subarray(0, nul < 0 ? sec.data.length : nul));
}

/** Names declared `extern … __ksym` / `__kconfig` (BTF DATASECs `.ksyms` and `.kconfig`). */
function externNames(btf: Btf | undefined): Set<string> {
  const names = new Set<string>();
  for (const secName of ['.ksyms', '.kconfig']) {
    for (const v of btf?.datasec(secName)?.vars ?? []) names.add(btf!.get(v.type).name);
  }
  for (const t of btf?.types ?? []) if (t.kind === BTF_KIND.FUNC && t.vlen === 2) names.add(t.name);
  return names;
}

function readCode(elf: ElfFile, sec: ElfSection): Code {
  if (sec.size % 8 !== 0) throw new LoadError(`code size ${sec.size} is not a multiple of 8`, sec.name);
  const view = elf.view(sec);
  const endian = elf.littleEndian ? 'little' : 'big';
  const slots: Insn[] = [];
  for (let at = 0; at < sec.size; at += 8) slots.push(readSlot(view, at, endian));
  const starts = elf.symbols
    .filter((s) => s.shndx === sec.index && s.type === STT.FUNC)
    .map((s) => ({ name: s.name, start: s.value / 8, size: s.size / 8 }))
    .sort((a, b) => a.start - b.start);
  const functions = starts.map((f, i) => {
    if (!Number.isInteger(f.start) || f.start >= slots.length) throw new LoadError(`function ${f.name} starts at byte ${f.start * 8}, outside the section`, sec.name, f.start * 8);
    const next = starts[i + 1]?.start ?? slots.length;
    return { name: f.name, start: f.start, end: f.size > 0 ? Math.min(f.start + f.size, slots.length) : next };
  });
  const relocations = new Map<number, ElfRelocation>();
  for (const r of elf.relocations.get(sec.index) ?? []) {
    if (r.offset % 8 !== 0 || r.offset >= sec.size) throw new LoadError(`relocation at byte ${r.offset} is not on an instruction`, sec.name, r.offset);
    relocations.set(r.offset / 8, r);
  }
  return { section: sec, slots, functions, relocations };
}

type MapSections = Map<number, { kind: 'defs'; first: number; defs: MapDef[] } | { kind: 'data'; index: number }>;

/** Copies a program's slots, appends every subprogram it reaches and applies relocations. */
function link(
  entry: Code, start: number, end: number, codes: Map<number, Code>, mapSections: MapSections, ksyms: Set<string>,
  coreFailures?: Map<string, Map<number, LoadError>>,
): { insns: Insn[]; slots: number; externs: { insn: number; name: string }[]; subprogs: { slot: number; name: string }[] } {
  const out: Insn[] = [];
  const subprogs: { slot: number; name: string }[] = [];
  const origin: { code: Code; idx: number }[] = [];
  /** `${section}:${start}` → position of that unit in `out`. */
  const placed = new Map<string, number>();
  const externSlots: { slot: number; name: string }[] = [];
  const append = (code: Code, from: number, to: number): number => {
    const at = out.length;
    placed.set(`${code.section.index}:${from}`, at);
    const fn = at > 0 ? code.functions.find((f) => f.start === from) : undefined;
    if (fn) subprogs.push({ slot: at, name: fn.name });
    for (let i = from; i < to; i++) {
      out.push({ ...code.slots[i]! });
      origin.push({ code, idx: i });
    }
    return at;
  };
  append(entry, start, end);

  /** Position in `out` of slot `idx` of `code`, appending its function if needed. */
  const place = (code: Code, idx: number, where: string): number => {
    if (idx < 0 || idx >= code.slots.length) throw new LoadError(`call target ${idx} is outside the section`, where);
    if (code === entry && idx >= start && idx < end) return idx - start;
    const fn = code.functions.find((f) => idx >= f.start && idx < f.end);
    const unitStart = fn ? fn.start : 0;
    const unitEnd = fn ? fn.end : code.slots.length;
    const key = `${code.section.index}:${unitStart}`;
    const base = placed.get(key) ?? append(code, unitStart, unitEnd);
    return base + (idx - unitStart);
  };

  for (let i = 0; i < out.length; i++) {
    const insn = out[i]!;
    const { code, idx } = origin[i]!;
    const where = code.section.name;
    const coreFailure = coreFailures?.get(where)?.get(idx);
    if (coreFailure) throw coreFailure;
    const reloc = code.relocations.get(idx);
    if (insn.code === LDDW) {
      if (reloc) relocateLddw(insn, out[i + 1], reloc, where, idx, mapSections, codes, externSlots, i, (c, t) => place(c, t, where));
      i++; // second slot
      continue;
    }
    if (insn.code === CALL && (insn.src === PSEUDO_CALL || reloc)) {
      if (reloc) {
        if (reloc.type !== R_BPF.R64_32 && reloc.type !== R_BPF.NODYLD32 && reloc.type !== R_BPF.NONE) throw new LoadError(`unsupported relocation type ${reloc.type} on a call`, where, idx * 8);
        const sym = reloc.symbol;
        if (sym.shndx === SHN_UNDEF) {
          if (!ksyms.has(sym.name)) throw new LoadError(`call to undefined function '${sym.name}'`, where, idx * 8);
          insn.src = PSEUDO_KFUNC_CALL;
          insn.imm = 0;
          externSlots.push({ slot: i, name: sym.name });
          continue;
        }
        const target = codes.get(sym.shndx);
        if (!target) throw new LoadError(`call into section ${sym.shndx}, which holds no code`, where, idx * 8);
        const t = sym.value / 8 + (reloc.addend !== undefined ? reloc.addend / 8 : insn.imm) + 1;
        insn.imm = place(target, t, where) - (i + 1);
        insn.src = PSEUDO_CALL;
      } else {
        insn.imm = place(code, idx + insn.imm + 1, where) - (i + 1);
      }
    }
  }
  return { ...toLogical(out, externSlots), subprogs };
}

function relocateLddw(
  insn: Insn, second: Insn | undefined, reloc: ElfRelocation, where: string, idx: number, mapSections: MapSections,
  codes: Map<number, Code>, externs: { slot: number; name: string }[], slot: number, place: (c: Code, t: number) => number,
): void {
  // Like libbpf, take the symbol as what counts; old LLVM emitted R_BPF_NONE (0) here.
  if (reloc.type !== R_BPF.R64_64 && reloc.type !== R_BPF.NONE) throw new LoadError(`unsupported relocation type ${reloc.type} on lddw`, where, idx * 8);
  if (!second) throw new LoadError('lddw is missing its second slot', where, idx * 8);
  const sym = reloc.symbol;
  const addend = reloc.addend ?? insn.imm;
  if (sym.shndx === SHN_UNDEF) {
    externs.push({ slot, name: sym.name });
    insn.src = LdImm64Src.VARIABLE_ADDR;
    return;
  }
  const target = mapSections.get(sym.shndx);
  if (target?.kind === 'defs') {
    const byName = sym.type !== STT.SECTION ? target.defs.findIndex((d) => d.name === sym.name) : -1;
    const byOffset = byName >= 0 ? byName : target.defs.findIndex((d) => d.offset === sym.value + addend);
    if (byOffset < 0) throw new LoadError(`reference to '${sym.name || 'section'}+${addend}' matches no map definition`, where, idx * 8);
    insn.src = LdImm64Src.MAP_BY_FD;
    insn.imm = target.first + byOffset;
    second.imm = 0;
    return;
  }
  if (target?.kind === 'data') {
    insn.src = LdImm64Src.MAP_VALUE_BY_FD;
    insn.imm = target.index;
    second.imm = sym.value + addend;
    return;
  }
  const code = codes.get(sym.shndx);
  if (code) {
    const t = (sym.value + addend) / 8;
    if (!Number.isInteger(t)) throw new LoadError(`function address ${sym.value + addend} is not on an instruction`, where, idx * 8);
    insn.src = LdImm64Src.CODE_ADDR;
    insn.imm = place(code, t) - (slot + 1);
    second.imm = 0;
    return;
  }
  throw new LoadError(`lddw refers to '${sym.name}' in section ${sym.shndx}, which is neither maps, data nor code`, where, idx * 8);
}

/** Pairs LD_IMM64 slots into one logical instruction. */
function toLogical(slots: Insn[], externSlots: { slot: number; name: string }[]) {
  const insns: Insn[] = [];
  const slotToInsn = new Map<number, number>();
  for (let s = 0; s < slots.length; s++) {
    const i = slots[s]!;
    slotToInsn.set(s, insns.length);
    if (i.code === LDDW && s + 1 < slots.length) {
      insns.push({ ...i, hi: slots[s + 1]!.imm });
      s++;
    } else {
      insns.push(i);
    }
  }
  return { insns, slots: slots.length, externs: externSlots.map((e) => ({ insn: slotToInsn.get(e.slot)!, name: e.name })) };
}
