/**
 * How a run over a capture is reported, shared by `tsbpf run OBJ --pcap` and the web playground:
 * the verdict label of each run (the histogram's keys) and map contents as rows of text, keys and
 * values printed through their BTF types when the object has BTF (as bpftool does), else as hex.
 */
import { formatBtfValue } from '../loader/btf-format.js';
import type { BpfObject } from '../loader/object.js';
import type { ProgTypeName } from '../loader/sections.js';
import type { BpfMap } from '../maps/map.js';
import { mapTypeName } from '../maps/types.js';
import { returnName } from '../progtypes/index.js';

export const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** A verdict's histogram label: the return-code name; socket filters keep bytes or drop. */
export function verdictLabel(type: ProgTypeName, r0: bigint): string {
  if (type === 'socket_filter') return BigInt.asUintN(32, r0) === 0n ? 'DROP' : 'KEEP';
  return returnName(type, r0);
}

/** Whether the packet is gone after the verdict (not written to `-w`). */
export function dropped(type: ProgTypeName, r0: bigint): boolean {
  const v = Number(BigInt.asUintN(32, r0));
  if (type === 'xdp') return v === 0 || v === 1;
  if (type === 'sched_cls' || type === 'sched_act') return v === 2;
  if (type === 'socket_filter') return v === 0;
  return false;
}

export function mapDump(map: BpfMap): { name: string; type: string; entries: { key: string; value: string }[] } {
  return { name: map.def.name, type: mapTypeName(map.def.type) ?? String(map.def.type), entries: map.entries().map((e) => ({ key: hex(e.key), value: hex(e.value) })) };
}

/**
 * A map's entries as `--maps-dump` prints them: arrays have every element, and all-zero ones are
 * summarised (`hidden`); keys and values through BTF when the object has it.
 */
export function mapTextRows(object: Pick<BpfObject, 'btf' | 'littleEndian'>, m: BpfMap): { rows: { key: string; value: string }[]; hidden: number } {
  const type = mapTypeName(m.def.type) ?? String(m.def.type);
  const isArray = type === 'array' || type === 'percpu_array';
  const isZero = (v: Uint8Array): boolean => v.every((b) => b === 0);
  const entries = m.entries();
  const shown = isArray ? entries.filter((e) => !isZero(e.value)) : entries;
  const text = (typeId: number | undefined, bytes: Uint8Array): string =>
    object.btf && typeId !== undefined ? formatBtfValue(object.btf, typeId, bytes, object.littleEndian) : hex(bytes);
  const keyText = (key: Uint8Array): string => {
    if (key.length === 0) return '-';
    // An array's key is its u32 index, BTF or not.
    if (isArray && m.def.btfKey === undefined && key.length === 4) return String(new DataView(key.buffer, key.byteOffset, 4).getUint32(0, object.littleEndian));
    return text(m.def.btfKey, key);
  };
  return { rows: shown.map((e) => ({ key: keyText(e.key), value: text(m.def.btfValue, e.value) })), hidden: entries.length - shown.length };
}
