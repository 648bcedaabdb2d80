/**
 * `tsbpf disasm OBJ` for ELF objects: every program of the object, relocated and linked as it
 * would be loaded, under a `section/function:` header.
 */
import type { Insn } from '../isa/insn.js';
import { loadObject } from '../loader/index.js';

export function disassembleObject(bytes: Uint8Array, file: string, format: (insns: readonly Insn[]) => string[]): string {
  const object = loadObject(bytes, { file });
  const out: string[] = [];
  for (const p of object.programs) {
    if (out.length) out.push('');
    out.push(`${p.section}/${p.name}: (${p.type}, ${p.slots} instructions)`);
    out.push(...format(p.insns));
  }
  for (const r of object.refused) out.push('', `${r.section}/${r.name}: not loadable: ${r.error.message}`);
  return out.length ? `${out.join('\n')}\n` : '';
}
