/**
 * Bytecode as hex text: what `tsbpf asm --hex` prints and `tsbpf disasm` / the conformance plugin
 * read. Bytes are two hex digits each, separated by spaces, commas or newlines (an optional `0x`
 * prefix per byte is allowed); runs of digits without separators are read two at a time, so
 * `b700000001000000` works too. `#` and `//` start comments.
 */
import { AsmError } from '../errors.js';

/** Does this text look like hex bytes (and nothing else)? */
export function looksLikeHex(text: string): boolean {
  const body = text.replace(/(#|\/\/).*$/gm, '');
  return /[0-9a-fA-F]/.test(body) && /^(?:\s|,|0[xX]|[0-9a-fA-F])*$/.test(body);
}

export function parseHexBytes(text: string, file = '<input>'): Uint8Array {
  const out: number[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/(#|\/\/).*$/, '');
    for (const m of line.matchAll(/[^\s,]+/g)) {
      const token = m[0].replace(/^0[xX]/, '');
      const col = m.index + 1;
      if (!/^[0-9a-fA-F]+$/.test(token) || token.length % 2 !== 0) {
        throw new AsmError(`expected hex bytes (pairs of hex digits), found '${m[0]}'`, file, index + 1, col);
      }
      for (let k = 0; k < token.length; k += 2) out.push(parseInt(token.slice(k, k + 2), 16));
    }
  });
  return Uint8Array.from(out);
}

/** One 8-byte instruction slot per line: `b7 00 00 00 01 00 00 00`. */
export function formatHexBytes(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += 8) {
    lines.push(Array.from(bytes.subarray(at, at + 8), (b) => b.toString(16).padStart(2, '0')).join(' '));
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}
