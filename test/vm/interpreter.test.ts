/** Interpreter behaviour the conformance corpora do not pin down, and a differential ALU test. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DecodeError, VmError } from '../../src/errors.js';
import { type Insn, insn, splitImm64 } from '../../src/isa/insn.js';
import { AluOp, Class, CONDITIONAL_JUMPS, JmpOp, Mode, Size, Source } from '../../src/isa/opcodes.js';
import { FORMS } from '../../src/isa/table.js';
import { conformanceHelpers } from '../../src/vm/conformance-helpers.js';
import { HelperTable } from '../../src/vm/helpers.js';
import { MAX_CALL_FRAMES, STACK_FRAME_SIZE, Vm } from '../../src/vm/interpreter.js';
import { AddressSpace } from '../../src/vm/memory.js';
import { run } from '../../src/vm/run.js';
import { referenceRun } from './reference.js';

// Small builders over the shared encoding constants.
const mov = (dst: number, imm: number) => insn(Class.ALU64 | AluOp.mov | Source.K, dst, 0, 0, imm);
const movx = (dst: number, src: number) => insn(Class.ALU64 | AluOp.mov | Source.X, dst, src);
const add = (dst: number, imm: number) => insn(Class.ALU64 | AluOp.add | Source.K, dst, 0, 0, imm);
const lddw = (dst: number, value: bigint): Insn => ({ ...insn(Class.LD | Mode.IMM | Size.DW, dst), ...splitImm64(value) });
const ldx = (size: number, dst: number, src: number, off: number) => insn(Class.LDX | Mode.MEM | size, dst, src, off);
const stx = (size: number, dst: number, src: number, off: number) => insn(Class.STX | Mode.MEM | size, dst, src, off);
const ja = (off: number) => insn(Class.JMP | JmpOp.ja, 0, 0, off);
const callLocal = (imm: number) => insn(Class.JMP | JmpOp.call, 0, 1, 0, imm);
const call = (id: number) => insn(Class.JMP | JmpOp.call, 0, 0, 0, id);
const callx = (reg: number) => insn(Class.JMP | JmpOp.call | Source.X, reg);
const ldabs = (size: number, imm: number) => insn(Class.LD | Mode.ABS | size, 0, 0, 0, imm);
const ldind = (size: number, src: number, imm: number) => insn(Class.LD | Mode.IND | size, 0, src, 0, imm);
const exit = insn(Class.JMP | JmpOp.exit);

function fault(fn: () => unknown): VmError {
  try {
    fn();
  } catch (e) {
    if (e instanceof VmError) return e;
    throw e;
  }
  assert.fail('expected a VmError');
}

describe('memory checks', () => {
  it('classifies null, unmapped, past-the-end and read-only accesses with pc, address and size', () => {
    const space = new AddressSpace();
    const ro = space.map('rodata', 8, { writable: false });
    const vm = new Vm([ldx(Size.W, 0, 1, 0), exit], { space });
    let e = fault(() => vm.run([0]));
    assert.deepEqual([e.kind, e.pc, e.address, e.size], ['null', 0, 0n, 4]);
    e = fault(() => vm.run([0x7f000000]));
    assert.deepEqual([e.kind, e.address], ['out-of-bounds', 0x7f000000n]);
    e = fault(() => vm.run([ro.vmAddr + 5]));
    assert.equal(e.kind, 'out-of-bounds');
    assert.match(e.message, /outside rodata \(offset 5, length 8\)/);
    assert.equal(vm.run([ro.vmAddr + 4]).r0, 0n);

    const store = new Vm([mov(2, 1), stx(Size.B, 1, 2, 0), exit], { space });
    e = fault(() => store.run([ro.vmAddr]));
    assert.deepEqual([e.kind, e.pc, e.size], ['read-only', 1, 1]);
  });

  it('requires the upper 32 bits of an address to be zero, after 64-bit wrapping', () => {
    const space = new AddressSpace();
    const data = space.map('data', 16);
    space.write(data.vmAddr, new Uint8Array([0x2a]));
    // r1 = (1 << 32) + data: the low word is right, the high word is not.
    const high = new Vm([ldx(Size.B, 0, 1, 0), exit], { space });
    const e = fault(() => high.run([(1n << 32n) + BigInt(data.vmAddr)]));
    assert.equal(e.address, (1n << 32n) + BigInt(data.vmAddr));
    assert.match(e.message, /outside the 32-bit VM address space/);
    // r1 = data - 2^64 + ... : base 0xffff_ffff_ffff_fff0 + off 16 + data wraps to data, which is valid.
    const wrap = new Vm([lddw(1, 0xfffffffffffffff0n), add(1, data.vmAddr), ldx(Size.B, 0, 1, 16), exit], { space });
    assert.equal(wrap.run().r0, 0x2an);
  });

  it('follows a region whose length changes between runs', () => {
    const space = new AddressSpace();
    const pkt = space.map('packet', 4, { capacity: 64 });
    const vm = new Vm([ldx(Size.B, 0, 1, 10), exit], { space });
    assert.equal(fault(() => vm.run([pkt.vmAddr])).kind, 'out-of-bounds');
    space.setLength(pkt, 11);
    assert.equal(vm.run([pkt.vmAddr]).r0, 0n);
  });
});

describe('instruction meter', () => {
  const loop = [mov(0, 0), add(0, 1), ja(-2), exit];

  it('allows exactly `limit` instructions and faults on the next one', () => {
    // mov + n × (add, ja): the program never exits; the (limit + 1)-th instruction faults.
    const vm = new Vm(loop, { limit: 11 });
    const e = fault(() => vm.run());
    assert.deepEqual([e.kind, e.pc], ['instruction-limit', 1]);
    assert.equal(vm.insnCount, 11);
    assert.equal(vm.register(0), 5n);
  });

  it('runU32 returns the low 32 bits of r0 and counts like run', () => {
    const vm = new Vm([lddw(0, 0x1234_8765_4321n), exit]);
    assert.equal(vm.runU32(), 0x87654321);
    assert.equal(vm.insnCount, 2);
    assert.equal(fault(() => new Vm(loop, { limit: 5 }).runU32()).kind, 'instruction-limit');
  });

  it('counts LD_IMM64 once and includes the exit', () => {
    const vm = new Vm([lddw(0, 1n << 40n), exit], { limit: 2 });
    assert.deepEqual(vm.run(), { r0: 1n << 40n, insnCount: 2 });
    assert.equal(fault(() => new Vm([lddw(0, 1n), exit], { limit: 1 }).run()).kind, 'instruction-limit');
  });

  it('stepping visits the same states as a run', () => {
    const vm = new Vm(loop, { limit: 1000 });
    vm.start();
    const pcs: number[] = [];
    for (let k = 0; k < 7; k++) { pcs.push(vm.pc); vm.step(1); }
    assert.deepEqual(pcs, [0, 1, 2, 1, 2, 1, 2]);
    assert.equal(vm.insnCount, 7);
    assert.equal(vm.register(0), 3n);
  });
});

describe('calls', () => {
  it('local calls get a fresh frame below the caller, preserve r6-r9 and return r0', () => {
    const prog = [
      mov(6, 6), mov(9, 9), movx(7, 10), // r7 = caller's r10
      callLocal(2),
      movx(1, 0), exit, // r1 = callee's r10; r0 (set by the callee) returned
      mov(6, 0), mov(9, 0), movx(0, 10), exit, // callee: clobber r6, r9, return its r10
    ];
    const vm = new Vm(prog);
    const { r0 } = vm.run();
    assert.equal(vm.register(7) - r0 >= BigInt(STACK_FRAME_SIZE), true);
    assert.equal(vm.register(6), 6n);
    assert.equal(vm.register(9), 9n);
    // Frames are separate regions: just below a callee's frame there is no mapping.
    assert.equal(vm.space.regionAt(Number(r0) - STACK_FRAME_SIZE - 1), undefined);
  });

  it(`limits the call depth to ${MAX_CALL_FRAMES} frames`, () => {
    const e = fault(() => new Vm([callLocal(-1), exit]).run());
    assert.deepEqual([e.kind, e.pc], ['call-depth', 0]);
  });

  it('rejects an unregistered helper at load time and an unknown callx id at run time', () => {
    assert.throws(() => new Vm([call(99), exit], { helpers: conformanceHelpers }), /pc 0: call to unregistered helper 99/);
    const e = fault(() => new Vm([mov(2, 99), callx(2), exit], { helpers: conformanceHelpers }).run());
    assert.deepEqual([e.kind, e.pc], ['unknown-helper', 1]);
  });

  it('passes r1-r5 as unsigned BigInts, keeps them, and lets a helper fault at the call', () => {
    const seen: bigint[] = [];
    const helpers = new HelperTable()
      .register(1, 'record', (_ctx, ...args) => { seen.push(...args); return -1n; })
      .register(2, 'deref', (ctx, r1) => BigInt(ctx.bytes(r1, 1, false)[0]!));
    const vm = new Vm([mov(1, -1), mov(5, 5), call(1), exit], { helpers });
    assert.equal(vm.run().r0, 0xffffffffffffffffn);
    assert.deepEqual(seen, [0xffffffffffffffffn, 0n, 0n, 0n, 5n]);
    assert.equal(vm.register(5), 5n);
    const e = fault(() => new Vm([mov(0, 0), mov(1, 16), call(2), exit], { helpers }).run());
    assert.deepEqual([e.kind, e.pc, e.address, e.size], ['null', 2, 16n, 1]);
  });

  it('checks helper accesses like the program’s own (read-only region, past the end)', () => {
    const space = new AddressSpace();
    const ro = space.map('rodata', 4, { writable: false });
    const vm = new Vm([mov(2, 4), call(1), exit], { space, helpers: conformanceHelpers });
    let e = fault(() => vm.run([ro.vmAddr]));
    assert.deepEqual([e.kind, e.pc, e.address, e.size], ['read-only', 1, BigInt(ro.vmAddr), 4]);
    const data = space.map('data', 4);
    e = fault(() => new Vm([mov(2, 5), call(1), exit], { space, helpers: conformanceHelpers }).run([data.vmAddr]));
    assert.deepEqual([e.kind, e.size], ['out-of-bounds', 5]);
  });

  it('memfrob and gather_bytes behave as the uBPF harness defines them', () => {
    const mem = new Uint8Array([1, 2, 3]);
    const vm = run([mov(2, 3), call(1), ldx(Size.B, 0, 1, 2), exit], { mem, helpers: conformanceHelpers });
    assert.equal(vm.r0, BigInt(3 ^ 42));
    const g = run([mov(1, 0x101), mov(2, 2), mov(3, 3), mov(4, 4), mov(5, 5), call(0), exit], { helpers: conformanceHelpers });
    assert.equal(g.r0, 0x0102030405n);
  });
});

describe('legacy packet loads', () => {
  const packet = new Uint8Array([0x08, 0x00, 0x45, 0x11, 0x22, 0x33]);

  it('load big-endian values from the packet region', () => {
    assert.equal(run([ldabs(Size.H, 0), exit], { mem: packet }).r0, 0x0800n);
    assert.equal(run([ldabs(Size.W, 2), exit], { mem: packet }).r0, 0x45112233n);
    assert.equal(run([mov(3, 1), ldind(Size.B, 3, 4), exit], { mem: packet }).r0, 0x33n);
  });

  it('end the program with r0 = 0 when out of bounds, as the kernel does', () => {
    const r = run([mov(0, 7), ldabs(Size.W, 3), mov(0, 9), exit], { mem: packet });
    assert.deepEqual(r, { r0: 0n, insnCount: 2 });
    assert.equal(run([mov(0, 7), mov(3, -1), ldind(Size.B, 3, 0), exit], { mem: packet }).r0, 0n);
  });
});

describe('LD_IMM64 with src 1..6', () => {
  const mapLoad: Insn = { ...insn(Class.LD | Mode.IMM | Size.DW, 0, 1, 0, 7), hi: 0 };

  it('is a load-time error without a resolver', () => {
    assert.throws(() => new Vm([mapLoad, exit]), (e) => e instanceof DecodeError && /needs a loader/.test(e.message));
  });

  it('takes the resolver’s value', () => {
    const vm = new Vm([mapLoad, exit], { resolveImm64: (i) => BigInt(i.imm) * 0x10000n });
    assert.equal(vm.run().r0, 0x70000n);
  });
});

describe('ALU and jumps agree with a BigInt model of RFC 9669', () => {
  const edge = fc.constantFrom(0, 1, -1, 2, 7, 31, 32, 33, 63, 64, -32, 0x7fffffff, -0x80000000, 0x10000, 0xff, 16);
  const imm = fc.oneof(edge, fc.integer({ min: -0x80000000, max: 0x7fffffff }));
  const value = fc.oneof(
    fc.constantFrom(0n, 1n, -1n, 1n << 63n, (1n << 63n) - 1n, 0xffffffffn, 0x80000000n, 1n << 32n),
    fc.bigInt({ min: -(1n << 63n), max: (1n << 64n) - 1n }),
  );
  const reg = fc.integer({ min: 0, max: 9 });
  const straight = FORMS.filter((f) => ['alu', 'neg', 'movsx', 'end'].includes(f.kind));
  const jumps = FORMS.filter((f) => f.kind === 'jcc');

  const body = fc.array(fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...straight), reg, reg, imm).map(([f, d, s, k]): Insn =>
      ({ code: f.code, dst: d, src: f.reg ? s : 0, off: f.select.off ?? 0, imm: f.select.imm ?? (f.reg || f.kind === 'neg' ? 0 : k) })) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...jumps), reg, reg, imm, fc.integer({ min: 0, max: 3 })).map(([f, d, s, k, off]): Insn =>
      ({ code: f.code, dst: d, src: f.reg ? s : 0, off, imm: f.reg ? 0 : k })) },
  ), { minLength: 1, maxLength: 24 });

  it('on random programs (final r0..r9 and instruction count)', () => {
    assert.equal(CONDITIONAL_JUMPS.length * 4, jumps.length);
    fc.assert(fc.property(fc.array(value, { minLength: 10, maxLength: 10 }), body, (init, ops) => {
      const program: Insn[] = [...init.map((v, r) => lddw(r, v)), ...ops, exit, exit, exit, exit];
      const vm = new Vm(program);
      const got = vm.run();
      const want = referenceRun(program);
      assert.equal(got.insnCount, want.count);
      for (let r = 0; r <= 9; r++) assert.equal(vm.register(r), want.regs[r], `r${r}`);
    }), { numRuns: 3000 });
  });
});

describe('robustness', () => {
  it('random programs either load and run, or fail with a typed error (never a JS exception)', () => {
    // Mostly well-formed instructions built from the form table (so most programs get past
    // validation and exercise the run-time checks), plus some raw random slots.
    const wellFormed = fc.tuple(fc.constantFrom(...FORMS), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }),
      fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(8, 16, -512, -8, 0x7fff)),
      fc.oneof(fc.integer({ min: -8, max: 64 }), fc.constantFrom(-1, 0x10000, -0x80000000, 0x7fffffff))).map(([f, dst, src, off, imm]): Insn => {
      const i: Insn = {
        code: f.code, dst: f.uses.has('dst') ? dst : 0, src: f.select.src ?? (f.uses.has('src') ? src : 0),
        off: f.select.off ?? (f.uses.has('off') ? off : 0), imm: f.select.imm ?? (f.uses.has('imm') ? imm : 0),
      };
      if (f.kind === 'lddw') i.hi = imm;
      if (f.kind === 'call' && f.op === 'helper') i.imm = ((imm % 6) + 6) % 6;
      return i;
    });
    const raw = fc.record({ code: fc.integer({ min: 0, max: 255 }), dst: fc.integer({ min: 0, max: 15 }), src: fc.integer({ min: 0, max: 15 }),
      off: fc.integer({ min: -4, max: 4 }), imm: fc.integer({ min: -4, max: 64 }) });
    const outcomes = new Map<string, number>();
    fc.assert(fc.property(fc.array(fc.oneof({ weight: 19, arbitrary: wellFormed }, { weight: 1, arbitrary: raw }), { minLength: 1, maxLength: 16 }),
      fc.uint8Array({ maxLength: 32 }), (program, mem) => {
        let outcome = 'ran';
        try {
          run([...program, exit], { mem, helpers: conformanceHelpers, limit: 500 });
        } catch (e) {
          assert.ok(e instanceof DecodeError || e instanceof VmError, `${(e as Error).name}: ${(e as Error).message}`);
          outcome = e.name;
        }
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }), { numRuns: 4000 });
    // The generator must reach every stage, or the property says little.
    for (const stage of ['ran', 'DecodeError', 'VmError']) assert.ok((outcomes.get(stage) ?? 0) > 100, `${stage}: ${outcomes.get(stage)}`);
  });
});
