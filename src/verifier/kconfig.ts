/**
 * libbpf's handling of `.kconfig` externs, for verifying objects as libbpf would load them.
 */
import type { Insn } from '../isa/insn.js';
import type { BpfObject } from '../loader/object.js';
import { BPF_F_RDONLY_PROG, type MapDef } from '../maps/types.js';

/**
 * libbpf's `.kconfig` externs: libbpf backs them with a read-only array map of one value and points
 * each `ld_imm64` at its variable (BPF_PSEUDO_MAP_VALUE + offset). The map is given without
 * contents, so the verifier treats the values as unknown (every configuration is explored) rather
 * than guessing the kernel's configuration. Other externs (`__ksym`) stay unresolved.
 */
export function withKconfigMap(obj: BpfObject, insns: Insn[], externs: { insn: number; name: string }[]): { insns: Insn[]; maps: MapDef[] } {
  const btf = obj.btf;
  const sec = btf?.datasec('.kconfig');
  if (!btf || !sec?.vars || !externs.length) return { insns, maps: obj.maps };
  // The object leaves the layout to libbpf: larger alignment first, then by name, each aligned.
  const vars = sec.vars.map((v) => {
    const size = btf.sizeOf(v.type);
    return { name: btf.get(v.type).name, size, align: Math.min(8, size & -size || 1) };
  }).sort((a, b) => b.align - a.align || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const offsets = new Map<string, number>();
  let size = 0;
  for (const v of vars) {
    const at = Math.ceil(size / v.align) * v.align;
    offsets.set(v.name, at);
    size = at + v.size;
  }
  const mapIndex = obj.maps.length;
  const kconfig: MapDef = {
    name: '.kconfig', type: 2, keySize: 4, valueSize: Math.max(1, size), maxEntries: 1,
    flags: BPF_F_RDONLY_PROG, section: '.kconfig', offset: 0,
  };
  const out = insns.slice();
  let used = false;
  for (const e of externs) {
    const off = offsets.get(e.name);
    const i = out[e.insn];
    if (off === undefined || !i || i.code !== 0x18) continue;
    out[e.insn] = { ...i, src: 2, imm: mapIndex, hi: off };
    used = true;
  }
  return used ? { insns: out, maps: [...obj.maps, kconfig] } : { insns, maps: obj.maps };
}
