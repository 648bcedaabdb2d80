/**
 * Real compiler output: every program in the ELF fixtures (clang/llvm-built samples, kernel
 * samples, suricata filters) that the interpreter accepts must be compiled by the JIT — no
 * interpreter fallback — into a module V8 accepts.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DecodeError, LoadError } from '../../src/errors.js';
import { JitVm } from '../../src/jit/engine.js';
import type { Insn } from '../../src/isa/insn.js';
import { isElfObject, loadObject } from '../../src/loader/index.js';
import { HelperTable } from '../../src/vm/helpers.js';
import { REPO_ROOT } from '../helpers/corpus.js';

function objects(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...objects(path));
    else if (name.endsWith('.o')) out.push(path);
  }
  return out;
}

const stubs = (insns: readonly Insn[]): HelperTable => {
  const t = new HelperTable();
  for (const i of insns) if (i.code === 0x85 && i.src === 0) t.register(i.imm, `helper_${i.imm}`, () => 0n);
  return t;
};

test('every fixture ELF program the interpreter accepts is JIT-compiled', () => {
  const files = objects(join(REPO_ROOT, 'test/fixtures'));
  let compiled = 0;
  for (const file of files) {
    const bytes = new Uint8Array(readFileSync(file));
    if (!isElfObject(bytes)) continue;
    let programs;
    try {
      programs = loadObject(bytes, { file }).programs;
    } catch (e) {
      if (e instanceof LoadError) continue; // the loader's own negative fixtures
      throw e;
    }
    for (const p of programs) {
      let jit: JitVm;
      try {
        jit = new JitVm(p.insns, { helpers: stubs(p.insns), resolveImm64: () => 0n });
      } catch (e) {
        if (e instanceof DecodeError) continue; // rejected by the interpreter too (kfunc calls)
        throw e;
      }
      assert.equal(jit.engine, 'jit', `${file} ${p.section}/${p.name}: ${jit.note}`);
      compiled++;
    }
  }
  assert.ok(compiled > 100, `only ${compiled} programs compiled`);
});
