/** An in-memory `Io` for driving CLI commands in tests. */
import type { Io } from '../../src/cli/io.js';

export function memoryIo(files: Record<string, string | Uint8Array> = {}) {
  const out = { stdout: '', stderr: '', written: new Map<string, Uint8Array | string>() };
  const io: Io = {
    stdout: (t) => { out.stdout += t; },
    stderr: (t) => { out.stderr += t; },
    readFile: async (p) => {
      const f = files[p];
      if (f === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT', path: p });
      return typeof f === 'string' ? new TextEncoder().encode(f) : f;
    },
    writeFile: async (p, d) => { out.written.set(p, d); },
    isTTY: false,
  };
  return { io, out };
}
