/**
 * Against the kernel's own tools, built from Debian's linux-source-6.1 (scripts/gen-bpf-tools-goldens.sh):
 * - bpf_asm: every quirk source gives the same output (default and -c), or both fail; bpf_asm source
 *   printed from every tcpdump golden program and 300 seeded random programs reassembles (in the real
 *   bpf_asm) to that program;
 * - bpf_dbg: its disassembly of every program it loaded, and the running kernel's verdict
 *   (`load bpf` attaches the program to a socket) for every program against `checkClassic`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { checkClassic } from '../../src/classic/checker.js';
import { AsmError } from '../../src/errors.js';
import { canonicalSockFilter } from '../../src/isa/classic.js';
import { assembleBpfAsm, formatBpfAsm, formatBpfAsmC } from '../../src/text/bpf-asm.js';
import { formatBpfAsmSource, formatBpfDbg, parseBpfAsmOutput } from '../../src/text/classic-disasm.js';

const read = (name: string): unknown => JSON.parse(readFileSync(new URL(`../golden/bpf_tools/${name}`, import.meta.url), 'utf8'));
interface Run { stdout: string; stderr: string; status: number }
const asm = read('bpf_asm.json') as { cases: ({ what: string; src: string; plain: Run; c: Run } | { what: string; prog: string; out: string })[] };
const dbg = read('bpf_dbg.json') as { kernel: string; cases: { what: string; prog: string; load: string; disassemble: string }[] };

/** Where we deliberately differ from bpf_asm (docs/classic.md). */
const LENIENT = new Set(['ret #0\r\n']);

test('bpf_asm quirks: same output, or both reject', () => {
  let compared = 0;
  for (const c of asm.cases) {
    if (!('src' in c)) continue;
    const ok = c.plain.status === 0 && c.plain.stdout !== '';
    if (LENIENT.has(c.src)) {
      assert.ok(!ok);
      assembleBpfAsm(c.src);
      continue;
    }
    if (ok) {
      const prog = assembleBpfAsm(c.src);
      assert.equal(formatBpfAsm(prog), c.plain.stdout, JSON.stringify(c.src));
      assert.equal(formatBpfAsmC(prog), c.c.stdout, JSON.stringify(c.src));
    } else {
      assert.throws(() => assembleBpfAsm(c.src), AsmError, `${JSON.stringify(c.src)}: bpf_asm said ${JSON.stringify(c.plain.stderr)}`);
    }
    compared++;
  }
  assert.ok(compared > 50);
});

test('bpf_asm source printed from every golden and random program reassembles in the real bpf_asm', () => {
  const printed = asm.cases.filter((c): c is { what: string; prog: string; out: string } => 'out' in c);
  for (const c of printed) {
    const prog = parseBpfAsmOutput(c.prog);
    const expected = formatBpfAsm(prog.map(canonicalSockFilter));
    assert.equal(c.out, expected, c.what);
    // …and our assembler reads the same source identically.
    assert.equal(formatBpfAsm(assembleBpfAsm(formatBpfAsmSource(prog))), expected, c.what);
  }
  assert.ok(printed.length > 1000);
});

test(`the kernel's verdicts (Linux ${dbg.kernel}) and bpf_dbg's disassembly`, () => {
  let rejected = 0;
  for (const c of dbg.cases) {
    const prog = parseBpfAsmOutput(c.prog);
    const kernelRejects = c.load === 'program not allowed to run by kernel!';
    let ours: string | undefined;
    try {
      checkClassic(prog);
    } catch (e) {
      ours = (e as Error).message;
    }
    assert.equal(ours !== undefined, kernelRejects, `${c.what}: kernel ${kernelRejects ? 'rejects' : 'accepts'}, we say ${ours ?? 'ok'}`);
    if (kernelRejects) rejected++;
    if (c.load === '') assert.equal(formatBpfDbg(prog), c.disassemble + '\n', c.what);
  }
  assert.ok(rejected >= 20);
});
