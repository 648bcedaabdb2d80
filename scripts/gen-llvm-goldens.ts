/**
 * Regenerates the llvm-objdump / llvm-mc goldens of the eBPF text tools (needs clang, llvm-mc,
 * llvm-objdump and llvm-objcopy from LLVM 14; run through scripts/gen-llvm-goldens.sh):
 *
 * 1. test/fixtures/ebpf-src/*.c compiled with `clang -O2 -target bpf -mcpu=v1|v2|v3 -c` into
 *    test/fixtures/ebpf-obj/<name>.<cpu>.o;
 * 2. a dozen real objects copied from ../shared/corpus/ebpf-samples into the same folder
 *    (`<dir>__<name>.o`);
 * 3. for every object, in test/golden/llvm/objects/: `llvm-objdump -d --no-show-raw-insn` (and
 *    with `--mattr=+alu32`) text, plus each code section extracted with
 *    `llvm-objcopy -O binary --only-section=<sec>` as `<object>.<section>.bin`;
 * 4. test/golden/llvm/forms.json: instances of every form of the opcode table as raw bytes, with
 *    llvm-objdump's text for them (both modes) and llvm-mc's encoding of every text it accepts.
 *
 * The tests read only these committed files; they never run the tools.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { encode } from '../src/isa/codec.js';
import type { Insn } from '../src/isa/insn.js';
import { FORMS, type Form } from '../src/isa/table.js';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'test/fixtures/ebpf-src');
const OUT = join(ROOT, 'test/golden/llvm');
const OBJ = join(ROOT, 'test/fixtures/ebpf-obj');
const LISTINGS = join(OUT, 'objects');
const CORPUS = resolve(ROOT, '../shared/corpus/ebpf-samples');

/** Real objects of the sample corpus: socket filters with LD_ABS, atomics, alu32 code, tail calls, bpf2bpf calls, XDP, tc, sockops. */
const CORPUS_OBJECTS = [
  'linux/sockex2_kern.o', 'linux/sockex3_kern.o', 'linux/tcbpf1_kern.o', 'linux/tcp_clamp_kern.o',
  'suricata/bypass_filter.o', 'linux-selftests/atomics.o', 'linux-selftests/test_spin_lock.o',
  'bcc/bashreadline.bpf.o', 'build/bpf2bpf.o', 'build/byteswap.o', 'cilium-examples/xdp_bpf_bpfel.o',
  'katran/xdp_root.o', 'prototype-kernel/xdp_redirect_cpu_kern.o',
  // Programs whose level-2 verifier logs are in the corpus (see scripts/gen-kernel-disasm-goldens.ts).
  'build/bpf_loop_helper.o', 'build/twostackvars.o', 'cilium-examples/cgroup_skb_bpf_bpfel.o',
  'new_linux/sockex2_kern.o', 'prototype-kernel/napi_monitor_kern.o',
  // Open vSwitch's datapath: 5,000 instructions, e_machine 0 (objdump needs --triple=bpfel).
  'ovs/datapath.o',
];

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** Objects with e_machine 0 (EM_NONE) instead of EM_BPF need the target named. */
function tripleFor(obj: string): string[] {
  const header = readFileSync(obj);
  return header.readUInt16LE(18) === 0 ? ['--triple=bpfel'] : [];
}

function objdump(obj: string, alu32: boolean): string {
  const text = run('llvm-objdump', ['-d', '--no-show-raw-insn', ...tripleFor(obj), ...(alu32 ? ['--mattr=+alu32'] : []), obj]);
  // The first line names the file by the path it was given; keep only the base name.
  return text.replace(obj, basename(obj));
}

/** Code sections (objdump's TEXT type) with instructions in them. */
function codeSections(obj: string): string[] {
  const sections: string[] = [];
  for (const line of run('llvm-objdump', ['-h', obj]).split('\n')) {
    const m = /^\s*\d+\s+(\S+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+TEXT/.exec(line);
    if (m && parseInt(m[2]!, 16) > 0) sections.push(m[1]!);
  }
  return sections;
}

export function sectionFile(section: string): string {
  return section.replace(/[^A-Za-z0-9_.-]/g, '_');
}

interface ObjectEntry { object: string; origin: string; sections: { name: string; bin: string }[] }

function goldenForObject(obj: string, origin: string): ObjectEntry {
  const name = basename(obj);
  writeFileSync(join(LISTINGS, `${name}.objdump.txt`), objdump(obj, false));
  writeFileSync(join(LISTINGS, `${name}.objdump-alu32.txt`), objdump(obj, true));
  const sections = codeSections(obj).map((sec) => {
    const bin = `${name}.${sectionFile(sec)}.bin`;
    run('llvm-objcopy', ['-O', 'binary', `--only-section=${sec}`, obj, join(LISTINGS, bin)]);
    return { name: sec, bin };
  });
  return { object: name, origin, sections };
}

function compileSources(): ObjectEntry[] {
  const entries: ObjectEntry[] = [];
  for (const file of readdirSync(SRC).filter((f) => f.endsWith('.c')).sort()) {
    for (const cpu of ['v1', 'v2', 'v3']) {
      const obj = join(OBJ, `${file.replace(/\.c$/, '')}.${cpu}.o`);
      const args = ['-O2', '-target', 'bpf', `-mcpu=${cpu}`, '-c', join(SRC, file), '-o', obj];
      const r = spawnSync('clang', args, { encoding: 'utf8' });
      if (r.status !== 0) {
        console.log(`skip ${file} -mcpu=${cpu}: ${r.stderr.split('\n').find((l) => l.includes('error')) ?? 'failed'}`);
        rmSync(obj, { force: true });
        continue;
      }
      entries.push(goldenForObject(obj, `clang ${args.join(' ').replace(ROOT + '/', '')}`));
    }
  }
  return entries;
}

function copyCorpus(): ObjectEntry[] {
  if (!existsSync(CORPUS)) {
    console.log(`no corpus at ${CORPUS}: corpus objects not regenerated`);
    return [];
  }
  return CORPUS_OBJECTS.map((rel) => {
    const dest = join(OBJ, rel.replace(/\//g, '__'));
    copyFileSync(join(CORPUS, rel), dest);
    return goldenForObject(dest, `corpus ebpf-samples/${rel}`);
  });
}

// --- Every form of the opcode table ---------------------------------------------------------------

/** Deterministic pseudo-random numbers so regenerating gives the same instances. */
let seed = 0x2545f491;
function rand(n: number): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % n;
}
const INTERESTING_IMMS = [0, 1, -1, 7, -8, 255, 0x7fffffff, -0x80000000, 4660, -123456];
const INTERESTING_OFFS = [0, 1, -1, 4, -8, 32767, -32768, 100, -100];

function instance(f: Form, k: number): Insn {
  const pick = <T>(xs: readonly T[]): T => xs[(k + rand(xs.length)) % xs.length]!;
  const i: Insn = { code: f.code, dst: 0, src: 0, off: 0, imm: 0 };
  if (f.uses.has('dst')) i.dst = rand(10); // r0..r9: r10 only where reading it is valid
  if (f.uses.has('src')) i.src = rand(11);
  if (f.uses.has('off')) i.off = pick(INTERESTING_OFFS);
  if (f.uses.has('imm')) i.imm = pick(INTERESTING_IMMS);
  if (f.kind === 'stx' || f.kind === 'st' || f.kind === 'atomic') i.dst = rand(11);
  if (f.kind === 'ldabs' || f.kind === 'ldind') i.imm = k === 0 ? 0 : pick([12, 23, 1000, -4]);
  if (f.kind === 'call') i.imm = f.op === 'helper' ? pick([1, 5, 12, 211]) : pick([3, -5, 100]);
  if (f.kind === 'ja32') i.imm = pick([0, 5, -3, 100000]);
  if (f.kind === 'lddw') {
    i.hi = f.select.src === 0 ? pick([0, -1, 0x12345678, 1]) : 0;
    if (f.select.src === 0) i.imm = pick(INTERESTING_IMMS);
    else i.imm = pick([1, 3, 7]);
  }
  for (const [field, value] of Object.entries(f.select)) (i as unknown as Record<string, number>)[field] = value;
  return i;
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Disassembles raw bytes with llvm-objdump, one text per instruction (objcopy wraps them in an ELF). */
function objdumpBytes(dir: string, insns: Insn[], alu32: boolean): string[] {
  const bin = join(dir, 'forms.bin');
  const obj = join(dir, 'forms.o');
  writeFileSync(bin, encode(insns));
  run('llvm-objcopy', ['-I', 'binary', '-O', 'elf64-x86-64', bin, obj]);
  const text = run('llvm-objdump', ['-d', '-j', '.data', '-D', '--triple=bpfel', '--no-show-raw-insn', ...(alu32 ? ['--mattr=+alu32'] : []), obj]);
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*\d+:\t(.*)$/.exec(line);
    if (m) out.push(m[1]!.replace(/ <[^<>]*>$/, ''));
  }
  if (out.length !== insns.length) throw new Error(`objdump gave ${out.length} lines for ${insns.length} instructions`);
  return out;
}

/** Assembles each line with llvm-mc; the result is the bytes' hex or null where llvm-mc refuses the line. */
function llvmMc(dir: string, lines: string[]): (string | null)[] {
  const result: (string | null)[] = lines.map(() => null);
  let pending = lines.map((_, k) => k);
  for (let round = 0; round < 50 && pending.length > 0; round++) {
    const src = join(dir, 'mc.s');
    const obj = join(dir, 'mc.o');
    writeFileSync(src, pending.map((k) => lines[k]).join('\n') + '\n');
    const r = spawnSync('llvm-mc', ['-triple', 'bpf', '-filetype=obj', src, '-o', obj], { encoding: 'utf8' });
    const bad = new Set<number>();
    for (const m of r.stderr.matchAll(/mc\.s:(\d+):\d+: error/g)) bad.add(Number(m[1]) - 1);
    if (bad.size > 0) {
      pending = pending.filter((_, idx) => !bad.has(idx));
      continue;
    }
    if (r.status !== 0) throw new Error(r.stderr);
    const bin = join(dir, 'mc.bin');
    run('llvm-objcopy', ['-O', 'binary', '--only-section=.text', obj, bin]);
    const bytes = readFileSync(bin);
    let at = 0;
    for (const k of pending) {
      const len = bytes[at] === 0x18 ? 16 : 8;
      result[k] = toHex(bytes.subarray(at, at + len));
      at += len;
    }
    if (at !== bytes.length) throw new Error('llvm-mc output length mismatch');
    pending = [];
  }
  return result;
}

/**
 * Spellings llvm-objdump never prints but the assembler accepts (w registers in loads, stores and
 * atomics, unsigned immediates, kernel-style spacing); their encodings also come from llvm-mc.
 */
const EXTRA_SPELLINGS = [
  'w0 = *(u32 *)(r1 + 4)', 'w3 = *(u8 *)(r10 - 1)', 'w2 = *(u16 *)(r9 + 32767)',
  '*(u32 *)(r10 - 4) = w1', '*(u8 *)(r1 + 0) = w7', '*(u16 *)(r2 - 2) = w3',
  'lock *(u32 *)(r1 + 0) += w2', 'r0 = 0xffffffff', 'r0 = 4294967295', 'w5 = 0x80000000',
  'r1 = 0x1234 ll', 'r2 = 0xffffffffffffffff ll', 'r3 = -9223372036854775808 ll', 'r9 = 0x8000000000000000 ll',
  'r1 += 0x7fffffff', 'if r1 == 0xffffffff goto +1', 'if w1 s> -1 goto -1', 'goto +0',
];

function formsGolden(): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-forms-'));
  try {
    const insns: Insn[] = [];
    for (const f of FORMS) for (let k = 0; k < 3; k++) insns.push(instance(f, k));
    const plain = objdumpBytes(dir, insns, false);
    const alu32 = objdumpBytes(dir, insns, true);
    const texts = [...new Set([...plain, ...alu32, ...EXTRA_SPELLINGS].filter((t) => t !== '<unknown>'))];
    const mc = llvmMc(dir, texts);
    return {
      generatedBy: 'scripts/gen-llvm-goldens.sh (llvm-objdump / llvm-mc 14)',
      instructions: insns.map((i, k) => ({ hex: toHex(encode([i])), objdump: plain[k], objdumpAlu32: alu32[k] })),
      llvmMc: texts.map((text, k) => ({ text, hex: mc[k] })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

mkdirSync(OBJ, { recursive: true });
mkdirSync(LISTINGS, { recursive: true });
const version = run('llvm-objdump', ['--version']).split('\n').find((l) => /LLVM version/.test(l))?.trim();
const objects = [...compileSources(), ...copyCorpus()];
writeFileSync(join(OUT, 'objects.json'), JSON.stringify({ tool: version, objects }, null, 1) + '\n');
writeFileSync(join(OUT, 'forms.json'), JSON.stringify(formsGolden(), null, 1) + '\n');
console.log(`${objects.length} objects, ${FORMS.length} forms -> ${OUT}`);
