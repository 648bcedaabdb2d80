/** What a dropped or picked file is, from its first bytes (and, failing that, its name). */

export type FileKind = 'object' | 'capture' | 'unknown';

export function classifyFile(name: string, bytes: Uint8Array): FileKind {
  const magic = (bytes[0] ?? 0) * 0x1000000 + (bytes[1] ?? 0) * 0x10000 + (bytes[2] ?? 0) * 0x100 + (bytes[3] ?? 0);
  if (magic === 0x7f454c46) return 'object';                                   // "\x7fELF"
  if ([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a].includes(magic)) return 'capture';
  // Not recognised by content: trust the name, so the loader or reader says what is wrong.
  if (/\.o$/i.test(name)) return 'object';
  if (/\.(pcap|pcapng|cap)$/i.test(name)) return 'capture';
  return 'unknown';
}

export async function readDroppedFile(file: File): Promise<{ name: string; bytes: Uint8Array }> {
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}
