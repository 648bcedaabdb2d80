/**
 * `tsbpf verify`: runs tsbpf's verifier (Linux 6.18 behaviour, privileged loader) on a program
 * and prints the kernel-format verifier log, then the verdict.
 *
 *   tsbpf verify OBJ|FILE [--section S | --program NAME] [--type T] [--log-level 0|1|2] [--license L]
 *                         [--maps MAPS.json] [--kernel-btf FILE]
 *
 * FILE may be an ELF object, raw bytecode or assembly (either syntax); programs not read from an
 * ELF object default to `--type socket_filter`. Their maps come from `--maps`, a JSON array of
 * `{ "type": "hash" | 1, "keySize": 8, "valueSize": 8, "maxEntries": 16, "name": "m" }`, and the
 * assembly loads map i with `rN = map[i] ll`. Exit status 0 on accept, 1 on reject.
 *
 * Kernel BTF (the committed Linux 6.18 vmlinux BTF, or `--kernel-btf FILE`, raw or gzipped) is read
 * only for objects that need it: CO-RE relocations and `__ksym` externs, and `tracing`/`struct_ops`
 * programs, whose attach target (src/verifier/attach.ts) types their context.
 */
import type { Btf } from '../loader/btf.js';
import { loadElf } from '../loader/object.js';
import { readKernelBtf } from '../node/kernel-btf.js';
import { MAP_TYPE, type MapTypeName } from '../maps/types.js';
import { type MapInfo, verify, type VerifierProgram } from '../verifier/index.js';
import { needsKernelBtf, objectVerifierProgram } from '../verifier/object-input.js';
import { readKernelConfig } from '../node/kernel-config.js';
import { type Io, UsageError } from './io.js';
import { isElf, loadEbpfProgram } from './programs.js';

const USAGE = 'usage: tsbpf verify OBJ|FILE [--section S | --program NAME] [--type T] [--log-level 0|1|2] [--license L] [--maps MAPS.json] [--kernel-btf FILE]\n'
  + '  --kernel-btf FILE  vmlinux BTF (raw or .gz) for CO-RE, __ksym, tracing and struct_ops programs (default: Linux 6.18\'s, shipped)';

/** A 64-bit immediate no real program uses, standing for `map[i]` while assembling. */
const MAP_SENTINEL_HI = 0x7ead0000;

function parseMaps(text: string, file: string): MapInfo[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: not JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(data)) throw new UsageError(`${file}: expected a JSON array of maps`);
  return data.map((m: Record<string, unknown>, i) => {
    const type = typeof m.type === 'string' ? MAP_TYPE[m.type as MapTypeName] : m.type;
    const num = (k: string): number => {
      const v = m[k];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new UsageError(`${file}: map ${i}: ${k} must be a non-negative integer`);
      return v;
    };
    if (typeof type !== 'number') throw new UsageError(`${file}: map ${i}: unknown type ${String(m.type)}`);
    return { name: typeof m.name === 'string' ? m.name : '', type, keySize: num('keySize'), valueSize: num('valueSize'), maxEntries: num('maxEntries'), flags: typeof m.flags === 'number' ? m.flags : 0 };
  });
}

export default async function verifyCommand(argv: string[], io: Io): Promise<number> {
  let file: string | undefined;
  let section: string | undefined;
  let program: string | undefined;
  let type: string | undefined;
  let license: string | undefined;
  let level: 0 | 1 | 2 = 1;
  let mapsFile: string | undefined;
  let kernelBtfFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--section') section = value();
    else if (a === '--program') program = value();
    else if (a === '--type') type = value();
    else if (a === '--license') license = value();
    else if (a === '--maps') mapsFile = value();
    else if (a === '--kernel-btf') kernelBtfFile = value();
    else if (a === '--log-level') {
      const v = value();
      if (v !== '0' && v !== '1' && v !== '2') throw new UsageError(`--log-level must be 0, 1 or 2\n${USAGE}`);
      level = Number(v) as 0 | 1 | 2;
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}\n${USAGE}`);
    else if (file === undefined) file = a;
    else throw new UsageError(`unexpected argument ${a}\n${USAGE}`);
  }
  if (file === undefined) throw new UsageError(USAGE);
  const bytes = await io.readFile(file);
  const kernelBtf = (): Btf => readKernelBtf(kernelBtfFile);
  let input: VerifierProgram;
  if (isElf(bytes)) {
    // CO-RE relocations and __ksym externs resolved against the kernel's BTF, as libbpf loads objects.
    const obj = loadElf(bytes, { file, kernelBtf });
    const candidates = obj.programs.filter((p) => (section === undefined || p.section === section) && (program === undefined || p.name === program));
    const prog = candidates[0];
    if (!prog) {
      const names = obj.programs.map((p) => `${p.section}${p.function ? ` (${p.function})` : ''}`).join(', ');
      throw new UsageError(`${file}: no program matches${section ? ` section ${section}` : ''}${program ? ` name ${program}` : ''}; programs: ${names || 'none'}`);
    }
    input = objectVerifierProgram(bytes, obj, prog, { ...(type !== undefined ? { type } : {}), ...(license !== undefined ? { license } : {}), kernelBtf, kernelConfig: readKernelConfig() });
  } else {
    if (section !== undefined || program !== undefined) throw new UsageError(`--section/--program need an ELF object\n${USAGE}`);
    const maps = mapsFile === undefined ? [] : parseMaps(new TextDecoder().decode(await io.readFile(mapsFile)), mapsFile);
    let source = bytes;
    if (!bytes.includes(0)) {
      const text = new TextDecoder().decode(bytes).replace(/\bmap\[(\d+)\](\s+ll\b)/g, (_m, i: string, ll: string) => `0x${MAP_SENTINEL_HI.toString(16)}${Number(i).toString(16).padStart(8, '0')}${ll}`);
      source = new TextEncoder().encode(text);
    }
    const insns = loadEbpfProgram(source, file).map((i) => (i.hi === MAP_SENTINEL_HI ? { ...i, src: 1, hi: 0 } : i));
    input = { insns, progType: type ?? 'socket_filter', license: license ?? 'GPL', maps };
  }
  const result = verify(input, { logLevel: level, ...(needsKernelBtf(input) ? { kernelBtf: kernelBtf() } : {}) });
  io.stdout(result.log);
  io.stdout(result.accepted ? 'verdict: ACCEPT\n' : `verdict: REJECT (${result.errno})\n`);
  return result.accepted ? 0 : 1;
}
