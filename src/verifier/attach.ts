/**
 * What a BTF-typed program attaches to, found in its object file as libbpf finds it before
 * BPF_PROG_LOAD (attach_btf_id, expected_attach_type):
 *
 * - `tracing` programs name their target in the section: `tp_btf/<tracepoint>`, `iter/<iterator>`,
 *   `fentry/<function>`, `fexit/…`, `fmod_ret/…` (a `.s` after the prefix marks them sleepable);
 * - `struct_ops` programs do not: the object's `.struct_ops` (or `.struct_ops.link`) section holds
 *   a variable of the kernel struct they implement (`struct tcp_congestion_ops cubic = { .init =
 *   bpf_cubic_init, … }`), and each function pointer in it is an R_BPF_64_ABS64 relocation against
 *   a program. The relocation's offset in the variable names the member (libbpf's
 *   `bpf_object__collect_st_ops_relos`), and the member's index in the *kernel's* struct, found by
 *   name, is what libbpf passes as expected_attach_type (`bpf_map__init_kern_struct_ops`).
 */
import { LoadError } from '../errors.js';
import { BTF_KIND, type Btf, type BtfType } from '../loader/btf.js';
import { type ElfFile, type ElfRelocation, type ElfSection, SHT, STT } from '../loader/elf.js';
import type { BtfAttach } from './btf-progtype.js';

/** The program as the loader names it: its section and, unless it is the whole section, its function. */
export interface AttachProgram {
  section: string;
  function: string | null;
}

/** libbpf's section prefixes of BTF-typed tracing programs (`section_defs`), sleepable ones with `.s`. */
const TRACING_SECTIONS: readonly (readonly [string, BtfAttach['kind'], boolean])[] = [
  ['tp_btf/', 'tp_btf', false], ['iter/', 'iter', false], ['iter.s/', 'iter', true],
  ['fentry/', 'fentry', false], ['fentry.s/', 'fentry', true], ['fexit/', 'fexit', false], ['fexit.s/', 'fexit', true],
  ['fmod_ret/', 'fmod_ret', false], ['fmod_ret.s/', 'fmod_ret', true],
];

/**
 * The attach target of `prog` (program type `progType`), or undefined for program types that have
 * none (and tracing sections that name no BTF target). `kernelBtf` maps a struct_ops member to its
 * index in the kernel's struct; without it (or when the kernel lacks the struct) the object's own
 * index is used. A struct_ops program that no struct_ops variable refers to is a LoadError.
 */
export function programAttach(elf: ElfFile, btf: Btf | undefined, prog: AttachProgram, progType: string, kernelBtf?: Btf | (() => Btf)): BtfAttach | undefined {
  if (progType === 'tracing') {
    for (const [prefix, kind, sleepable] of TRACING_SECTIONS) {
      const target = prog.section.startsWith(prefix) ? prog.section.slice(prefix.length) : '';
      if (target) return { kind, target, ...(sleepable ? { sleepable } : {}) };
    }
    return undefined;
  }
  if (progType !== 'struct_ops') return undefined;
  const slot = structOpsSlot(elf, btf, prog);
  const kernel = typeof kernelBtf === 'function' ? kernelBtf() : kernelBtf;
  const sleepable = /^struct_ops\.s(\/|$)/.test(prog.section);
  return { kind: 'struct_ops', target: kernelStructName(slot.struct), member: kernelMemberIndex(kernel, slot), ...(sleepable ? { sleepable } : {}) };
}

/** A function-pointer member of a struct_ops variable that a relocation fills with a program. */
interface StructOpsSlot {
  struct: BtfType;
  /** Index of the member in the object's struct. */
  index: number;
  /** Where the relocation is, for messages. */
  relSection: string;
  relOffset: number;
}

function structOpsSlot(elf: ElfFile, btf: Btf | undefined, prog: AttachProgram): StructOpsSlot {
  const name = prog.function ?? prog.section;
  const code = elf.sectionByName(prog.section);
  const fn = prog.function === null ? undefined : elf.symbols.find((s) => s.type === STT.FUNC && s.shndx === code?.index && s.name === prog.function);
  const start = fn?.value ?? 0;
  for (const sec of elf.sections.filter(isStructOpsSection)) {
    const relSection = elf.sections.find((r) => (r.type === SHT.REL || r.type === SHT.RELA) && r.info === sec.index)?.name ?? `.rel${sec.name}`;
    for (const rel of elf.relocations.get(sec.index) ?? []) {
      // libbpf takes the program at the symbol's value (an addend is ignored).
      if (rel.symbol.shndx !== code?.index || rel.symbol.value !== start) continue;
      if (!btf) throw new LoadError(`struct_ops program ${name}: the object has no BTF to describe ${sec.name}`, sec.name);
      return { ...memberAt(elf, btf, sec, rel, relSection, name), relSection, relOffset: rel.offset };
    }
  }
  throw new LoadError(`struct_ops program ${name} is not a member of any struct_ops variable (no relocation in .struct_ops or .struct_ops.link refers to it), so libbpf would not load it`, prog.section);
}

function isStructOpsSection(sec: ElfSection): boolean {
  return sec.name === '.struct_ops' || sec.name.startsWith('.struct_ops.');
}

/** The variable of `sec` that holds the relocated pointer, and the struct member at its offset. */
function memberAt(elf: ElfFile, btf: Btf, sec: ElfSection, rel: ElfRelocation, relSection: string, prog: string): { struct: BtfType; index: number } {
  const datasec = btf.datasec(sec.name);
  const fail = (why: string): never => {
    throw new LoadError(`struct_ops program ${prog}: ${why}`, relSection, rel.offset);
  };
  if (!datasec) return fail(`the object's BTF has no DATASEC ${sec.name}`);
  for (const v of datasec.vars ?? []) {
    const variable = btf.get(v.type);
    // As libbpf's btf_fixup_datasec: in an object file a variable's offset is its symbol's value.
    const offset = elf.symbols.find((s) => s.shndx === sec.index && s.name === variable.name)?.value ?? v.offset;
    const struct = btf.skipModifiers(variable.sizeOrType);
    if (rel.offset < offset || rel.offset >= offset + struct.sizeOrType) continue;
    if (struct.kind !== BTF_KIND.STRUCT) return fail(`variable ${variable.name} in ${sec.name} is not a struct`);
    const moff = rel.offset - offset;
    const index = struct.members.findIndex((m) => m.bitOffset === moff * 8);
    const member = struct.members[index];
    if (!member) return fail(`no member of struct ${struct.name} (variable ${variable.name}) starts at offset ${moff}`);
    const ptr = btf.skipModifiers(member.type);
    if (ptr.kind !== BTF_KIND.PTR || btf.skipModifiers(ptr.sizeOrType).kind !== BTF_KIND.FUNC_PROTO) {
      return fail(`member ${member.name} of struct ${struct.name} is not a function pointer`);
    }
    return { struct, index };
  }
  return fail(`no variable of ${sec.name} covers offset ${rel.offset}`);
}

/** libbpf looks the struct up in the kernel by its name without a `___flavor` suffix. */
function kernelStructName(struct: BtfType): string {
  return struct.name.replace(/___.*$/, '');
}

/** libbpf matches members by name in the kernel's struct. */
function kernelMemberIndex(kernel: Btf | undefined, slot: StructOpsSlot): number {
  const structName = kernelStructName(slot.struct);
  const kernelStruct = kernel?.types.find((t) => t.kind === BTF_KIND.STRUCT && t.name === structName);
  if (!kernelStruct) return slot.index;
  const memberName = slot.struct.members[slot.index]!.name;
  const index = kernelStruct.members.findIndex((m) => m.name === memberName);
  if (index < 0) throw new LoadError(`struct_ops member ${memberName} is not in the kernel's struct ${structName}`, slot.relSection, slot.relOffset);
  return index;
}
