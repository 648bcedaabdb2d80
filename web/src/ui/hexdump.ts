/**
 * A hex dump (16 bytes a row, offsets on the left, printable ASCII on the right) whose bytes in a
 * given range are highlighted — the bytes the debugger's current instruction reads.
 */
import { h } from './dom.js';

export interface ByteRange {
  /** First byte offset and length within the dumped bytes. */
  start: number;
  length: number;
}

/** `label` names a row by its first byte's offset (default: the offset in hex). */
export function hexDump(bytes: Uint8Array, highlight: ByteRange | undefined, testid: string,
  label: (offset: number) => string = (o) => o.toString(16).padStart(4, '0'), from = 0): HTMLElement {
  const pre = h('pre', { class: 'hexdump', 'data-testid': testid });
  if (bytes.length === 0) {
    pre.textContent = '(no bytes)';
    return pre;
  }
  const inRange = (i: number): boolean => highlight !== undefined && i >= highlight.start && i < highlight.start + highlight.length;
  for (let row = from - (from % 16); row < bytes.length; row += 16) {
    pre.append(`${label(row)}  `);
    let ascii = '';
    for (let i = row; i < row + 16; i++) {
      const b = bytes[i];
      const text = b === undefined ? '  ' : b.toString(16).padStart(2, '0');
      if (b !== undefined && inRange(i)) pre.append(h('mark', { class: 'hl', 'data-testid': `${testid}-hl`, 'data-offset': i }, text));
      else pre.append(text);
      pre.append(i % 16 === 7 ? '  ' : ' ');
      if (b !== undefined) ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    }
    pre.append(` ${ascii}\n`);
  }
  return pre;
}
