/**
 * Classic programs on the JIT: tcpdump-compiled filters (the filter goldens) go classic → eBPF
 * (the kernel's conversion, src/classic/to-ebpf.ts) → WebAssembly, and must give the classic
 * interpreter's verdict on every packet of the captures; the JIT must compile every one of them.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { compileClassic, parseClassicProgram } from '../../src/classic/index.js';
import { compileClassicToEbpf, convertClassic } from '../../src/classic/to-ebpf.js';
import { JitVm } from '../../src/jit/engine.js';
import { classicHelpers } from '../../src/classic/to-ebpf.js';
import { parseCapture, type PacketRecord } from '../../src/pcap/index.js';
import { REPO_ROOT } from '../helpers/corpus.js';

const GOLDEN = join(REPO_ROOT, 'test/golden/filter/tcpdump-filter.json');
const skip = existsSync(GOLDEN) ? false : 'filter goldens not present';

test('tcpdump programs: classic → eBPF → JIT agrees with the classic interpreter', { skip }, () => {
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as { cases: { capture: string; expr: string; program: string }[] };
  const captures = new Map<string, PacketRecord[]>();
  // Every 8th case keeps this fast while covering every capture and most expression shapes.
  const cases = golden.cases.filter((_, i) => i % 8 === 0);
  assert.ok(cases.length > 100);
  for (const c of cases) {
    let packets = captures.get(c.capture);
    if (!packets) {
      packets = parseCapture(new Uint8Array(readFileSync(join(REPO_ROOT, c.capture)))).items.filter((i): i is PacketRecord => i.kind === 'packet');
      captures.set(c.capture, packets);
    }
    const prog = parseClassicProgram(c.program, c.expr, 'bpf_asm-output');
    const jit = new JitVm(convertClassic(prog).insns, { helpers: classicHelpers() });
    assert.equal(jit.engine, 'jit', `'${c.expr}': ${jit.note}`);
    const viaJit = compileClassicToEbpf(prog, { engine: 'jit' });
    const interp = compileClassic(prog);
    for (const p of packets.slice(0, 40)) {
      assert.equal(viaJit(p.data, { len: p.origLen }), interp(p.data, { len: p.origLen }), `${c.capture} '${c.expr}' packet ${p.index}`);
    }
  }
});
