/**
 * The `tsbpf` CLI run in-process, output captured: the reference the session's answers are
 * compared with (the CLI's own output is checked against tcpdump, bpf_dbg, llvm-objdump and Linux
 * 6.18 elsewhere). Files the command reads come from disk; `files` adds in-memory ones.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const repoFile = (path: string): Uint8Array => new Uint8Array(readFileSync(join(ROOT, path)));
export const TRAFFIC = 'examples/traffic.pcap';

export async function cli(argv: string[], files: Record<string, Uint8Array | string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, isTTY: false,
    readFile: async (p) => {
      const f = files[p];
      if (f !== undefined) return typeof f === 'string' ? new TextEncoder().encode(f) : f;
      return new Uint8Array(readFileSync(p.startsWith('/') ? p : join(ROOT, p)));
    },
    writeFile: async () => {},
  });
  return { code, stdout, stderr };
}

/** A scratch directory for commands that read their files from disk themselves (`tsbpf filter`). */
export function scratch(files: Record<string, Uint8Array | string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-web-'));
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
  return dir;
}

/** The verifier log with LD_IMM64 map addresses masked (the kernel prints its pointers). */
export function maskLog(log: string): string {
  return log.replace(/(\(18\) r\d+ = )0x[0-9a-f]+/g, '$1ADDR');
}
