/**
 * Big-endian objects (clang -target bpfeb): every instruction the loader returns matches what
 * llvm-objdump shows for the object (test/fixtures/bpfeb/*.objdump.txt), read with the big-endian
 * layout of `struct bpf_insn` (register byte = dst << 4 | src, off and imm big-endian); maps come
 * out as in the little-endian build (BTF read big-endian).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadElf } from '../../src/loader/object.js';

const root = join(import.meta.dirname, '../..');

/** Slots per function from an llvm-objdump listing. */
function objdumpSlots(text: string): Map<string, number[][]> {
  const out = new Map<string, number[][]>();
  let current: number[][] | undefined;
  for (const line of text.split('\n')) {
    const fn = /^[0-9a-f]+ <(\w+)>:/.exec(line);
    if (fn && !fn[1]!.startsWith('LBB')) out.set(fn[1]!, (current = [])); // LBB*: branch labels
    const slot = /^\s+\d+:\t((?:[0-9a-f]{2} ?)+)\t/.exec(line);
    if (!slot || !current) continue;
    const bytes = slot[1]!.trim().split(' ').map((b) => parseInt(b, 16));
    for (let k = 0; k < bytes.length; k += 8) current.push(bytes.slice(k, k + 8)); // lddw: 16 bytes on one line
  }
  return out;
}

for (const name of ['xdp_counter', 'tailcall']) {
  test(`${name} (bpfeb): instructions as llvm-objdump shows them`, () => {
    const be = loadElf(new Uint8Array(readFileSync(join(root, `test/fixtures/bpfeb/${name}.o`))));
    const le = loadElf(new Uint8Array(readFileSync(join(root, `examples/${name}.o`))));
    assert.equal(be.littleEndian, false);
    assert.deepEqual(be.maps.map(({ initial: _i, ...m }) => m), le.maps.map(({ initial: _i, ...m }) => m));
    const listing = objdumpSlots(readFileSync(join(root, `test/fixtures/bpfeb/${name}.objdump.txt`), 'utf8'));
    for (const p of be.programs) {
      const slots = listing.get(p.name)!;
      assert.equal(p.slots, slots.length, `${p.name}: slot count`);
      let s = 0;
      for (const insn of p.insns) {
        const b = slots[s]!;
        const v = new DataView(Uint8Array.from(b).buffer);
        assert.deepEqual([insn.code, insn.dst, insn.off], [b[0], b[1]! >> 4, v.getInt16(2, false)], `${p.name} slot ${s}`);
        if (insn.code !== 0x18 && insn.code !== 0x85) assert.deepEqual([insn.src, insn.imm], [b[1]! & 15, v.getInt32(4, false)], `${p.name} slot ${s}`);
        s += insn.hi === undefined ? 1 : 2;
      }
    }
  });
}
