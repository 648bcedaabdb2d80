/**
 * Golden data for CO-RE relocations and `__ksym` externs: what libbpf (the installed libbpf 1.1)
 * makes of every corpus object that has CO-RE records or `.ksyms` externs (and of the fixtures in
 * test/fixtures/core), against the committed
 * Linux 6.18 vmlinux BTF (data/kernel-btf/, equal to this machine's /sys/kernel/btf/vmlinux).
 * Needs root (libbpf creates the maps), cc, libbpf-dev, libelf-dev and zlib.
 *
 *   node --import tsx scripts/core-golden/generate.ts   → test/golden/loader/core-libbpf.json
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseBtf } from '../../src/loader/btf.js';
import { parseCoreRelos } from '../../src/loader/btf-ext.js';
import { parseElf } from '../../src/loader/elf.js';
import { KERNEL_BTF_FILE } from '../../src/node/kernel-btf.js';

const root = join(import.meta.dirname, '../..');
const corpus = join(root, '../shared/corpus/ebpf-samples');
const out = join(root, 'test/golden/loader/core-libbpf.json');
const work = mkdtempSync(join(tmpdir(), 'core-golden-'));
const tool = join(work, 'libbpf-relocate');
const vmlinux = join(work, 'vmlinux.btf');

execFileSync('cc', ['-O1', '-Wall', '-o', tool, join(import.meta.dirname, 'libbpf-relocate.c'),
  '-Wl,--wrap=bpf_prog_load', '-Wl,--wrap=bpf_map_create', '-l:libbpf.a', '-lelf', '-lz'], { stdio: 'inherit' });
writeFileSync(vmlinux, gunzipSync(readFileSync(KERNEL_BTF_FILE)));
const libbpfVersion = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'libbpf-dev'], { encoding: 'utf8' });

/** Objects whose loading libbpf changes against kernel BTF: CO-RE records or `.ksyms` externs. */
function relevant(path: string): boolean {
  try {
    const elf = parseElf(readFileSync(path));
    const b = elf.sectionByName('.BTF');
    if (!b) return false;
    const btf = parseBtf(b.data, elf.littleEndian);
    const ext = elf.sectionByName('.BTF.ext');
    return (ext ? parseCoreRelos(ext.data, btf, elf.littleEndian).length > 0 : false) || !!btf.datasec('.ksyms');
  } catch {
    return false;
  }
}

const manifest = JSON.parse(readFileSync(join(corpus, 'manifest.json'), 'utf8')) as { objects: { object: string }[] };
// Corpus objects by their corpus path; tsbpf's own CO-RE fixtures (test/fixtures/core) as `core/…`.
const fixtures = readdirSync(join(root, 'test/fixtures/core')).filter((f) => f.endsWith('.o')).map((f) => ({ object: `core/${f}`, path: join(root, 'test/fixtures', 'core', f) }));
const objects: Record<string, unknown> = {};
for (const { object, path } of [...manifest.objects.map((o) => ({ object: o.object, path: join(corpus, o.object) })), ...fixtures]) {
  if (!relevant(path)) continue;
  const line = execFileSync(tool, [vmlinux, path], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const record = JSON.parse(line) as { object: string; log: string[] };
  // The machine's corpus path is not kept.
  const { object: _path, ...rest } = record;
  rest.log = rest.log.map((l) => l.split(`${corpus}/`).join('').split(`${root}/`).join(''));
  objects[object] = rest;
  console.error(`${object}: ${(rest as unknown as { programs: unknown[] }).programs.length} programs`);
}
writeFileSync(out, `${JSON.stringify({
  generator: 'scripts/core-golden/generate.ts',
  libbpf: libbpfVersion,
  kernelBtfSha256: readFileSync(join(root, 'data/kernel-btf/vmlinux-6.18.btf.sha256'), 'utf8').trim(),
  objects,
}, null, 1)}\n`);
console.error(`wrote ${out} (${Object.keys(objects).length} objects)`);
