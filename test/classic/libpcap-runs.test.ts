/**
 * The `libpcap` checker profile and run-time semantics against libpcap 1.10.3 itself
 * (`bpf_validate`, `bpf_filter`; test/golden/classic/libpcap-runs.json from
 * scripts/gen-libpcap-goldens.sh): 400 seeded random programs (with extensions and negative offsets,
 * which libpcap treats as out of bounds), loops only libpcap accepts, and validator edge cases.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { checkClassic } from '../../src/classic/checker.js';
import { compileClassic } from '../../src/classic/interpreter.js';
import { parseBpfAsmOutput } from '../../src/text/classic-disasm.js';

const golden = JSON.parse(readFileSync(new URL('../golden/classic/libpcap-runs.json', import.meta.url), 'utf8')) as {
  libpcap: string; frames: string[]; programs: { what: string; prog: string; verdict: string; results: number[] }[];
};
const frames = golden.frames.map((h) => Uint8Array.from(h.match(/../g)!.map((x) => Number.parseInt(x, 16))));

test(`checkClassic(prog, 'libpcap') agrees with bpf_validate (libpcap ${golden.libpcap})`, () => {
  for (const p of golden.programs) {
    let ours = 'valid';
    try {
      checkClassic(parseBpfAsmOutput(p.prog), 'libpcap');
    } catch {
      ours = 'invalid';
    }
    assert.equal(ours, p.verdict, p.what);
  }
});

test(`semantics 'libpcap' returns what bpf_filter returned (libpcap ${golden.libpcap})`, () => {
  let compared = 0;
  for (const p of golden.programs) {
    if (p.results.length === 0) continue;
    const run = compileClassic(parseBpfAsmOutput(p.prog), { semantics: 'libpcap' });
    frames.forEach((f, i) => {
      assert.equal(run(f, { len: f.length + 4 }), p.results[i], `${p.what} on frame ${i}`);
      compared++;
    });
  }
  assert.ok(compared > 19000);
});
