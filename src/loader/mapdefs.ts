/**
 * Map definitions from an object file: legacy `maps` sections (`struct bpf_map_def`, iproute2's
 * `struct bpf_elf_map`), BTF-defined `.maps`, and global-data sections turned into array maps.
 */
import { LoadError } from '../errors.js';
import { BPF_F_RDONLY_PROG, MAP_TYPE, type MapDef } from '../maps/types.js';
import { BTF_KIND, type Btf } from './btf.js';
import { type ElfFile, type ElfSection, STT } from './elf.js';

/** Legacy definitions: a run of equal-sized records, one per symbol in the section. */
export function legacyMaps(elf: ElfFile, section: ElfSection): MapDef[] {
  const symbols = elf.symbols
    .filter((s) => s.shndx === section.index && s.type !== STT.SECTION && s.type !== STT.FILE && s.name !== '')
    .sort((a, b) => a.value - b.value);
  if (symbols.length === 0) {
    if (section.size === 0) return [];
    throw new LoadError('legacy map section has no symbols naming its maps', section.name);
  }
  // libbpf's rule: the record size is the section size divided by the number of maps; a
  // symbol that states its own size (linked objects mix record sizes) overrides it.
  const evenSize = section.size / symbols.length;
  const view = elf.view(section);
  const le = elf.littleEndian;
  const defs = symbols.map((sym) => {
    const recordSize = sym.size > 0 ? sym.size : evenSize;
    if (!Number.isInteger(recordSize) || recordSize < 16 || sym.value + recordSize > section.size) {
      throw new LoadError(`map symbol ${sym.name}: a ${recordSize}-byte record at offset ${sym.value} does not fit the section`, section.name, sym.value);
    }
    const at = sym.value;
    const u32 = (field: number): number | undefined => (field * 4 + 4 <= recordSize ? view.getUint32(at + field * 4, le) : undefined);
    // iproute2's `struct bpf_elf_map` has nine u32 fields; `bpf_map_def` has five to seven.
    const iproute2 = recordSize >= 36;
    const def: MapDef = {
      name: sym.name, type: u32(0)!, keySize: u32(1)!, valueSize: u32(2)!, maxEntries: u32(3)!,
      flags: u32(4) ?? 0, section: section.name, offset: at,
    };
    const mapInMap = def.type === MAP_TYPE.array_of_maps || def.type === MAP_TYPE.hash_of_maps;
    if (iproute2) {
      // struct bpf_elf_map: type, size_key, size_value, max_elem, flags, id, pinning, inner_id, inner_idx
      def.pinning = u32(6);
      const innerIdx = u32(8);
      if (innerIdx !== undefined && innerIdx !== 0xffffffff && mapInMap) def.innerIndex = innerIdx;
    } else {
      // struct bpf_map_def (+ inner_map_idx, numa_node in samples/bpf)
      const inner = u32(5);
      if (inner !== undefined && mapInMap) def.innerIndex = inner;
    }
    return def;
  });
  for (const def of defs) {
    if (def.innerIndex !== undefined) {
      const inner = defs[def.innerIndex];
      if (inner && inner !== def) def.inner = inner;
    }
  }
  return defs;
}

/** `struct { __uint(type, …); __type(key, …); … } name SEC(".maps");` */
export function btfMaps(elf: ElfFile, section: ElfSection, btf: Btf): MapDef[] {
  const datasec = btf.datasec(section.name);
  if (!datasec) throw new LoadError('no BTF DATASEC describes this section', section.name);
  const defs: MapDef[] = [];
  const relocs = elf.relocations.get(section.index) ?? [];
  for (const entry of datasec.vars ?? []) {
    const variable = btf.get(entry.type);
    if (variable.kind !== BTF_KIND.VAR) throw new LoadError(`entry at offset ${entry.offset} is not a variable`, section.name, entry.offset);
    // In object files the DATASEC offsets may still await relocation; the symbol has the truth (as libbpf does).
    const sym = elf.symbols.find((s) => s.shndx === section.index && s.name === variable.name);
    const v = sym ? { offset: sym.value, size: sym.size || entry.size } : entry;
    const def = mapFromStruct(btf, variable.sizeOrType, variable.name, section.name, v.offset);
    // `.values = { [i] = &other }` initialisers are relocations inside the definition.
    const values = structMembers(btf, variable.sizeOrType).find((m) => m.name === 'values');
    if (values) {
      const base = v.offset + values.bitOffset / 8;
      for (const r of relocs) {
        if (r.offset >= base && r.offset < v.offset + v.size) {
          (def.initSlots ??= []).push({ index: (r.offset - base) / 8, target: r.symbol.name });
        }
      }
    }
    defs.push(def);
  }
  return defs;
}

function structMembers(btf: Btf, typeId: number) {
  const t = btf.skipModifiers(typeId);
  return t.kind === BTF_KIND.STRUCT ? t.members : [];
}

/** `__uint(name, val)` is `int (*name)[val]`: the value is the array's element count. */
function uintMember(btf: Btf, typeId: number, where: string, name: string, offset: number): number {
  const ptr = btf.skipModifiers(typeId);
  if (ptr.kind !== BTF_KIND.PTR) throw new LoadError(`map attribute '${name}' is not a __uint(…) pointer-to-array`, where, offset);
  const arr = btf.skipModifiers(ptr.sizeOrType);
  if (arr.kind !== BTF_KIND.ARRAY) throw new LoadError(`map attribute '${name}' is not a __uint(…) pointer-to-array`, where, offset);
  return arr.array!.nelems;
}

function mapFromStruct(btf: Btf, typeId: number, name: string, section: string, offset: number, depth = 0): MapDef {
  if (depth > 4) throw new LoadError(`map '${name}': inner maps nested too deeply`, section, offset);
  const t = btf.skipModifiers(typeId);
  if (t.kind !== BTF_KIND.STRUCT) throw new LoadError(`map '${name}' is not a struct`, section, offset);
  const def: MapDef = { name, type: 0, keySize: 0, valueSize: 0, maxEntries: 0, flags: 0, section, offset };
  for (const m of t.members) {
    const where = `${section}`;
    switch (m.name) {
      case 'type': def.type = uintMember(btf, m.type, where, m.name, offset); break;
      case 'max_entries': def.maxEntries = uintMember(btf, m.type, where, m.name, offset); break;
      case 'map_flags': def.flags = uintMember(btf, m.type, where, m.name, offset); break;
      case 'key_size': def.keySize = uintMember(btf, m.type, where, m.name, offset); break;
      case 'value_size': def.valueSize = uintMember(btf, m.type, where, m.name, offset); break;
      case 'pinning': def.pinning = uintMember(btf, m.type, where, m.name, offset); break;
      case 'numa_node': case 'map_extra': break;
      case 'key': case 'value': {
        const ptr = btf.skipModifiers(m.type);
        if (ptr.kind !== BTF_KIND.PTR) throw new LoadError(`map '${name}': '${m.name}' is not a __type(…) pointer`, section, offset);
        const size = btf.sizeOf(ptr.sizeOrType);
        if (m.name === 'key') {
          def.keySize = size;
          def.btfKey = ptr.sizeOrType;
        } else {
          def.valueSize = size;
          def.btfValue = ptr.sizeOrType;
        }
        break;
      }
      case 'values': {
        // __array(values, struct inner): a zero-length array of pointers to the inner map's struct.
        const arr = btf.skipModifiers(m.type);
        if (arr.kind !== BTF_KIND.ARRAY) throw new LoadError(`map '${name}': 'values' is not an array`, section, offset);
        const ptr = btf.skipModifiers(arr.array!.type);
        if (ptr.kind !== BTF_KIND.PTR) throw new LoadError(`map '${name}': 'values' elements are not pointers`, section, offset);
        const target = btf.skipModifiers(ptr.sizeOrType);
        if (target.kind === BTF_KIND.STRUCT) def.inner = mapFromStruct(btf, ptr.sizeOrType, `${name}.inner`, section, offset, depth + 1);
        // prog_array values are `int (*)(void *)` function pointers: nothing to describe.
        if (def.valueSize === 0) def.valueSize = 4;
        break;
      }
      default: throw new LoadError(`map '${name}': unknown attribute '${m.name}'`, section, offset);
    }
  }
  if ((def.type === MAP_TYPE.array_of_maps || def.type === MAP_TYPE.hash_of_maps || def.type === MAP_TYPE.prog_array) && def.keySize === 0) def.keySize = 4;
  return def;
}

/** `.data`, `.rodata`, `.bss`, `.rodata.*`, `.data.*`: one-element array maps. */
export function isGlobalDataSection(name: string): boolean {
  return /^\.(data|rodata|bss)(\..+)?$/.test(name);
}

/** Largest global-data section accepted (the kernel caps array values far lower, at KMALLOC_MAX_SIZE). */
const MAX_GLOBAL_DATA = 1 << 26;

export function globalDataMap(section: ElfSection): MapDef {
  if (section.size > MAX_GLOBAL_DATA) throw new LoadError(`global data section of ${section.size} bytes is too large`, section.name);
  const readOnly = section.name.startsWith('.rodata');
  return {
    name: section.name, type: MAP_TYPE.array, keySize: 4, valueSize: section.size, maxEntries: 1,
    flags: readOnly ? BPF_F_RDONLY_PROG : 0, initial: section.data.length ? section.data.slice() : new Uint8Array(section.size),
    section: section.name, offset: 0,
  };
}
