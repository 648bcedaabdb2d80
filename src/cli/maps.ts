/**
 * `tsbpf maps OBJ [--json]` — lists the maps an ELF object declares: BTF `.maps`, legacy `maps`
 * records and global-data sections, with type, key/value sizes, max_entries, flags, inner map
 * template and the section they come from.
 */
import { loadObject } from '../loader/index.js';
import { mapTypeName, type MapDef } from '../maps/types.js';
import { type Io, UsageError } from './io.js';

const USAGE = 'usage: tsbpf maps OBJ [--json]';

interface MapRow {
  name: string; type: string; key_size: number; value_size: number; max_entries: number; flags: number; section: string;
  inner?: MapRow; initial?: { index: number; target: string }[];
}

function describe(def: MapDef): MapRow {
  return {
    name: def.name, type: mapTypeName(def.type) ?? `type ${def.type}`, key_size: def.keySize, value_size: def.valueSize,
    max_entries: def.maxEntries, flags: def.flags, section: def.section,
    ...(def.inner ? { inner: describe(def.inner) } : {}),
    ...(def.initSlots ? { initial: def.initSlots } : {}),
  };
}

export default async function maps(argv: string[], io: Io): Promise<number> {
  let file: string | undefined;
  let json = false;
  for (const a of argv) {
    if (a === '--json') json = true;
    else if (a === '-h' || a === '--help') throw new UsageError(USAGE);
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}\n${USAGE}`);
    else if (file === undefined) file = a;
    else throw new UsageError(`one object file only\n${USAGE}`);
  }
  if (file === undefined) throw new UsageError(`missing object file\n${USAGE}`);
  const object = loadObject(await io.readFile(file), { file });
  const rows = object.maps.map(describe);
  if (json) {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const table = [['name', 'type', 'key', 'value', 'max_entries', 'flags', 'section'],
    ...rows.map((r) => [r.name, r.type + (r.inner ? ` of ${r.inner.type}` : ''), String(r.key_size), String(r.value_size), String(r.max_entries), `0x${r.flags.toString(16)}`, r.section])];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  io.stdout(table.map((row) => row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n') + '\n');
  return 0;
}
