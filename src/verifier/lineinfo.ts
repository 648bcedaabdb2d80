/**
 * BTF line info (`.BTF.ext`), which libbpf passes to BPF_PROG_LOAD and the kernel prints in the
 * verifier log as `; <source line> @ <file>:<line>` (`verbose_linfo`). Read from the ELF object for
 * one function's slots; programs with appended subprograms are not mapped (their line info would
 * need the loader's layout).
 */
import type { ElfFile } from '../loader/elf.js';

export interface LineInfo {
  /** Slot index in the program. */
  insn: number;
  /** Source line with leading whitespace removed, file base name, line number. */
  text: string;
}

/** Line info for the slots [start, end) of `section`, re-based to the program's slot 0. */
export function lineInfoFor(elf: ElfFile, section: string, start: number, end: number): LineInfo[] | undefined {
  const btf = elf.sectionByName('.BTF');
  const ext = elf.sectionByName('.BTF.ext');
  if (!btf || !ext || btf.data.length < 24 || ext.data.length < 32) return undefined;
  const le = elf.littleEndian;
  const bv = new DataView(btf.data.buffer, btf.data.byteOffset, btf.data.byteLength);
  if (bv.getUint16(0, le) !== 0xeb9f) return undefined;
  const bHdr = bv.getUint32(4, le);
  const strOff = bHdr + bv.getUint32(16, le);
  const strLen = bv.getUint32(20, le);
  const str = (off: number): string => {
    if (off >= strLen) return '';
    const at = strOff + off;
    let e = at;
    while (e < btf.data.length && btf.data[e] !== 0) e++;
    return new TextDecoder().decode(btf.data.subarray(at, e));
  };
  const ev = new DataView(ext.data.buffer, ext.data.byteOffset, ext.data.byteLength);
  if (ev.getUint16(0, le) !== 0xeb9f) return undefined;
  const eHdr = ev.getUint32(4, le);
  const lineOff = eHdr + ev.getUint32(16, le);
  const lineLen = ev.getUint32(20, le);
  if (lineLen < 4 || lineOff + lineLen > ext.data.length) return undefined;
  const recSize = ev.getUint32(lineOff, le);
  if (recSize < 16) return undefined;
  let at = lineOff + 4;
  const out: LineInfo[] = [];
  while (at + 8 <= lineOff + lineLen) {
    const secName = str(ev.getUint32(at, le));
    const n = ev.getUint32(at + 4, le);
    at += 8;
    for (let i = 0; i < n && at + recSize <= lineOff + lineLen; i++, at += recSize) {
      if (secName !== section) continue;
      const slot = ev.getUint32(at, le) / 8;
      if (slot < start || slot >= end) continue;
      const file = str(ev.getUint32(at + 4, le));
      const line = str(ev.getUint32(at + 8, le)).replace(/^\s+/, '');
      const lineNo = ev.getUint32(at + 12, le) >>> 10;
      out.push({ insn: slot - start, text: `${line} @ ${file.slice(file.lastIndexOf('/') + 1)}:${lineNo}` });
    }
  }
  return out.sort((a, b) => a.insn - b.insn);
}

/**
 * Lines the kernel writes while preparing the entry function's BTF arguments
 * (`btf_prepare_func_args`), before verification starts: a `void *` argument has no size.
 */
export function btfArgNotes(elf: ElfFile, funcName: string | null): string[] {
  const btf = elf.sectionByName('.BTF');
  if (!btf || !funcName || btf.data.length < 24) return [];
  const le = elf.littleEndian;
  const v = new DataView(btf.data.buffer, btf.data.byteOffset, btf.data.byteLength);
  if (v.getUint16(0, le) !== 0xeb9f) return [];
  const hdr = v.getUint32(4, le);
  const typeOff = hdr + v.getUint32(8, le);
  const typeLen = v.getUint32(12, le);
  const strOff = hdr + v.getUint32(16, le);
  const str = (off: number): string => {
    let e = strOff + off;
    while (e < btf.data.length && btf.data[e] !== 0) e++;
    return new TextDecoder().decode(btf.data.subarray(strOff + off, e));
  };
  interface T { kind: number; name: string; ref: number; params: number[] }
  const types: T[] = [{ kind: 0, name: '', ref: 0, params: [] }];
  let at = typeOff;
  while (at + 12 <= typeOff + typeLen) {
    const name = str(v.getUint32(at, le));
    const info = v.getUint32(at + 4, le);
    const ref = v.getUint32(at + 8, le);
    const vlen = info & 0xffff;
    const kind = (info >>> 24) & 0x1f;
    at += 12;
    const params: number[] = [];
    switch (kind) {
      case 1: case 14: case 17: at += 4; break;
      case 3: at += 12; break;
      case 4: case 5: case 15: case 19: at += 12 * vlen; break;
      case 6: at += 8 * vlen; break;
      case 13:
        for (let i = 0; i < vlen; i++) params.push(v.getUint32(at + 8 * i + 4, le));
        at += 8 * vlen;
        break;
      default: break;
    }
    types.push({ kind, name, ref, params });
  }
  const skipMods = (id: number): number => {
    for (let guard = 0; guard < 32; guard++) {
      const t = types[id];
      if (!t || ![8, 9, 10, 11, 18].includes(t.kind)) return id;
      id = t.ref;
    }
    return id;
  };
  const func = types.find((t) => t.kind === 12 && t.name === funcName);
  const proto = func ? types[func.ref] : undefined;
  if (!proto || proto.kind !== 13) return [];
  const notes: string[] = [];
  proto.params.forEach((p, i) => {
    const t = types[skipMods(p)];
    if (t?.kind === 2 && skipMods(t.ref) === 0) notes.push(`arg#${i} reference type('UNKNOWN ') size cannot be determined: -22`);
  });
  return notes;
}
