/**
 * bpf_dbg's text for the engine's outputs (classic-tools.md A2.3): the register dump, the packet dump,
 * breakpoints, run summaries and `dump`'s C initialisers — printf formats reproduced exactly, including
 * glibc's `%#x` printing 0 without the `0x` prefix.
 */
import type { SockFilter } from '../isa/classic.js';
import type { ClassicDump, DbgOutput, EbpfDump, PacketDump } from './engine.js';

/** printf("%#0<width>x", v) as glibc prints it. */
export function altHexPadded(v: number, width: number): string {
  const u = v >>> 0;
  if (u === 0) return '0'.repeat(width);
  return '0x' + u.toString(16).padStart(width - 2, '0');
}

/** printf("%2u", v). */
const u2 = (v: number): string => String(v).padStart(2, ' ');

/** bpf_dbg's `dump` / `bpf_asm -c` line: `{ %#04x, %2u, %2u, %#010x },`. */
export function formatDumpLine(i: SockFilter): string {
  return `{ ${altHexPadded(i.code, 4)}, ${u2(i.jt)}, ${u2(i.jf)}, ${altHexPadded(i.k, 10)} },`;
}

/** `%3u: ` then `%02x ` per byte, 16 per line. */
export function formatPacketBytes(data: Uint8Array): string {
  let s = `${'0'.padStart(3, ' ')}: `;
  for (let i = 0; i < data.length; i++) {
    if (i && i % 16 === 0) s += `\n${String(i).padStart(3, ' ')}: `;
    s += data[i]!.toString(16).padStart(2, '0') + ' ';
  }
  return s + '\n';
}

function formatPacket(p: PacketDump): string {
  const head = p.caplen !== p.len ? `cap: ${p.caplen}, len: ${p.len}\n` : `len: ${p.len}\n`;
  return '-- packet dump --\n' + head + formatPacketBytes(p.data);
}

const reg32 = (v: number): string => `[${altHexPadded(v, 8)}][${v >>> 0}]`;

function formatClassicDump(d: ClassicDump): string {
  let s = '-- register dump --\n';
  s += `pc:       [${d.pc}]\n`;
  s += `code:     [${d.insn.code}] jt[${d.insn.jt}] jf[${d.insn.jf}] k[${d.insn.k >>> 0}]\n`;
  s += `curr:     ${d.curr}\n`;
  if (d.jt !== undefined && d.jf !== undefined) {
    s += `jt:       ${d.jt}\n`;
    s += `jf:       ${d.jf}\n`;
  }
  s += `A:        ${reg32(d.A)}\n`;
  s += `X:        ${reg32(d.X)}\n`;
  if (d.R !== undefined) s += `ret:      ${reg32(d.R)}!\n`;
  let any = false;
  d.M.forEach((m, i) => {
    if (m !== 0) {
      any = true;
      s += `M[${i}]: ${reg32(m)}\n`;
    }
  });
  if (!any) s += `M[0,15]:  ${reg32(0)}\n`;
  return s + formatPacket(d.packet) + '(breakpoint)\n';
}

const hex64 = (v: bigint): string => '0x' + v.toString(16).padStart(16, '0');

function formatEbpfDump(d: EbpfDump): string {
  let s = '-- register dump --\n';
  s += `pc:       [${d.pc}]\n`;
  if (d.insn) s += `code:     [${d.insn.code}] dst[${d.insn.dst}] src[${d.insn.src}] off[${d.insn.off}] imm[${d.insn.imm}]\n`;
  s += `curr:     ${d.curr}\n`;
  d.regs.forEach((r, i) => {
    s += `${`r${i}:`.padEnd(10, ' ')}[${hex64(r)}][${r}]\n`;
  });
  s += '-- stack dump --\n';
  // Rows of 16 bytes that are not all zero, addressed from the frame pointer r10 as fp-N.
  let shown = false;
  for (let off = 0; off < d.stack.length; off += 16) {
    const row = d.stack.subarray(off, off + 16);
    if (row.every((b) => b === 0)) continue;
    shown = true;
    s += `fp-${String(d.stack.length - off).padStart(3, ' ')}: ${Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ')}\n`;
  }
  if (!shown) s += `fp-512..fp-1: all zero\n`;
  return s + formatPacket(d.packet) + '(breakpoint)\n';
}

/** The text bpf_dbg prints for one output. */
export function formatOutput(o: DbgOutput): string {
  switch (o.kind) {
    case 'message': return o.text + '\n';
    case 'dump': return o.dump.kind === 'classic' ? formatClassicDump(o.dump) : formatEbpfDump(o.dump);
    case 'disassembly': return o.lines.map((l) => l + '\n').join('');
    case 'program': return '/* { op, jt, jf, k }, */\n' + o.insns.map((i) => formatDumpLine(i) + '\n').join('');
    case 'breakpoints': return 'breakpoints: ' + o.pcs.map((p) => `${p} `).join('') + '\n';
    case 'breakpoint-set': return `breakpoint at: ${o.line}\n`;
    case 'run-summary': return `bpf passes:${o.pass} fails:${o.fail}\n`;
  }
}
