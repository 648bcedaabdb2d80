/**
 * The 2014 image format: sections, license check, tables, and the old instruction encoding
 * (documented in the proposal's include/linux/bpf.h: class 4 ALU was 64-bit, BPF_REL = 0xc0,
 * BPF_XADD = 0xe0, BPF_RET ends the program, calls name functions through the string table).
 * The image here is built by hand from that layout; running it checks the translation's meaning.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LoadError } from '../../src/errors.js';
import { loadObject } from '../../src/loader/index.js';
import { ObjectInstance } from '../../src/runtime/instance.js';

const enc = new TextEncoder();

function strtab(names: string[]): { bytes: Uint8Array; at: Record<string, number> } {
  const at: Record<string, number> = {};
  const parts: number[] = [0];
  for (const n of names) {
    at[n] = parts.length;
    parts.push(...enc.encode(n), 0);
  }
  return { bytes: Uint8Array.from(parts), at };
}

/** old insn: code, a_reg (dst), x_reg (src), off, imm */
function insn(code: number, a: number, x: number, off: number, imm: number): Uint8Array {
  const b = new Uint8Array(8);
  const v = new DataView(b.buffer);
  v.setUint8(0, code);
  v.setUint8(1, a | (x << 4));
  v.setInt16(2, off, true);
  v.setInt32(4, imm, true);
  return b;
}

const u32 = (n: number): Uint8Array => new Uint8Array(new Uint32Array([n]).buffer);
const cat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
};

function image(license: string): Uint8Array {
  const st = strtab(['license', 'bpftables', 'e sched:sched_switch', 'bpf_table_update', 'bpf_table_lookup']);
  const code = cat(
    insn(0xd9, 6, 1, 0, 0), // r6 = *(u64 *)(r1 + 0)           LDX|DW|REL
    insn(0xdb, 10, 6, -8, 0), // *(u64 *)(r10 - 8) = r6        STX|DW|REL
    insn(0xda, 10, 0, -16, 1), // *(u64 *)(r10 - 16) = 1       ST|DW|REL
    insn(0xb4, 2, 0, 0, 0), // r2 = 0 (table id)               ALU|MOV|K (64-bit)
    insn(0xbc, 3, 10, 0, 0), // r3 = r10                       ALU|MOV|X
    insn(0x04, 3, 0, 0, -8), // r3 += -8                       ALU|ADD|K
    insn(0xbc, 4, 10, 0, 0), // r4 = r10
    insn(0x04, 4, 0, 0, -16), // r4 += -16
    insn(0x85, 0, 0, 0, st.at.bpf_table_update!), // call bpf_table_update(ctx, 0, &key, &leaf)
    insn(0xb4, 2, 0, 0, 0),
    insn(0xbc, 3, 10, 0, 0),
    insn(0x04, 3, 0, 0, -8),
    insn(0x85, 0, 0, 0, st.at.bpf_table_lookup!), // r0 = bpf_table_lookup(ctx, 0, &key)
    insn(0x15, 0, 0, 3, 0), // if r0 == 0 goto +3              JMP|JEQ|K
    insn(0xb4, 7, 0, 0, 5), // r7 = 5
    insn(0xfb, 0, 7, 0, 0), // lock *(u64 *)(r0 + 0) += r7     STX|DW|XADD
    insn(0x0d, 0, 0, 0, 0), // goto +0                          JMP|JA|X
    insn(0xdc, 6, 0, 0, 0), // r6 = bswap32(r6)                 ALU|BSWAP32|X
    insn(0x06, 0, 0, 0, 0), // return                           RET|K
  );
  const table = cat(u32(1), u32(8), u32(8), u32(16), u32(0)); // hash, key 8, value 8, 16 entries
  const section = (name: string, data: Uint8Array): Uint8Array => cat(u32(data.length), u32(st.at[name]!), data);
  return cat(enc.encode('bpf\0'), u32(st.bytes.length), st.bytes,
    section('license', cat(enc.encode(license), Uint8Array.of(0))), section('bpftables', table), section('e sched:sched_switch', code));
}

test('2014 image: sections, tables and the old encoding translated to today\'s', () => {
  const obj = loadObject(image('GPL'));
  assert.equal(obj.license, 'GPL');
  assert.deepEqual(obj.maps.map((m) => [m.type, m.keySize, m.valueSize, m.maxEntries]), [[1, 8, 8, 16]]);
  const [prog] = obj.programs;
  assert.equal(prog?.name, 'sched:sched_switch');
  assert.deepEqual(prog.insns.map((i) => i.code), [
    0x79, 0x7b, 0x7a, 0xb7, 0xbf, 0x07, 0xbf, 0x07, 0x85, 0xb7, 0xbf, 0x07, 0x85, 0x15, 0xb7, 0xdb, 0x05, 0xdc, 0x95,
  ]);
  assert.equal(prog.insns[17]!.imm, 32); // bswap32 → be32
});

test('2014 image runs: the table holds the key the program stored, leaf 1 + 5', () => {
  const inst = new ObjectInstance(loadObject(image('Dual BSD/GPL')));
  const ctx = new Uint8Array(new BigUint64Array([0x1122334455667788n]).buffer);
  inst.runContext(0, ctx);
  const entries = inst.maps[0]!.entries();
  assert.equal(entries.length, 1);
  assert.deepEqual([...entries[0]!.key], [...ctx]);
  assert.equal(new DataView(entries[0]!.value.buffer).getBigUint64(0, true), 6n);
});

test('2014 image: a license that is not GPL-compatible is refused, naming the section', () => {
  assert.throws(() => loadObject(image('Proprietary')), (e: unknown) => e instanceof LoadError && e.section === 'license' && /GPL-compatible/.test(e.detail));
});

test('2014 image: truncated and unknown inputs are LoadErrors, not crashes', () => {
  const good = image('GPL');
  for (const cut of [3, 10, 40, good.length - 5]) {
    assert.throws(() => loadObject(good.subarray(0, cut)), LoadError, `cut at ${cut}`);
  }
  assert.throws(() => loadObject(enc.encode('not bpf at all')), LoadError);
});
