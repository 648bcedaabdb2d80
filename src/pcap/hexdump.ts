/**
 * Hex dumps of packet bytes: offset, 16 bytes in hex, and the printable ASCII beside them
 * (`0000  45 00 00 54 …  E..T`). The debugger's bpf_dbg-style packet dump lives in src/debugger/.
 */
export function hexDump(data: Uint8Array, width = 16): string {
  const lines: string[] = [];
  for (let off = 0; off < data.length; off += width) {
    const row = data.subarray(off, Math.min(off + width, data.length));
    let hex = '';
    let text = '';
    for (let i = 0; i < width; i++) {
      if (i < row.length) {
        const b = row[i]!;
        hex += b.toString(16).padStart(2, '0') + ' ';
        text += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
      } else {
        hex += '   ';
      }
      if (i === 7) hex += ' ';
    }
    lines.push(`${off.toString(16).padStart(4, '0')}  ${hex} ${text}`);
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}
