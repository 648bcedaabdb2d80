/** `tsbpf asm` and `tsbpf disasm` through the CLI entry point, with an in-memory file system. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { REPO_ROOT } from '../helpers/corpus.js';
import { memoryIo } from '../helpers/io.js';


const LLVM_SOURCE = 'r0 = 1\nif r1 > r2 goto out\nr0 += r1\nout: exit\n';
const HEX = 'b7 00 00 00 01 00 00 00\n2d 21 01 00 00 00 00 00\n0f 10 00 00 00 00 00 00\n95 00 00 00 00 00 00 00\n';

describe('tsbpf asm', () => {
  it('prints hex, one slot per line, guessing the llvm syntax', async () => {
    const { io, out } = memoryIo({ 'p.s': LLVM_SOURCE });
    assert.equal(await main(['asm', 'p.s'], io), 0);
    assert.equal(out.stdout, HEX);
  });

  it('guesses the conformance syntax and writes binary with -o', async () => {
    const { io, out } = memoryIo({ 'p.asm': 'mov %r0, 1\njgt %r1, %r2, +1\nadd %r0, %r1\nexit\n' });
    assert.equal(await main(['asm', 'p.asm', '-o', 'p.bin'], io), 0);
    assert.equal(Buffer.from(out.written.get('p.bin') as Uint8Array).toString('hex'), HEX.replace(/\s/g, ''));
  });

  it('writes hex to a file with --hex and honours --syntax', async () => {
    const { io, out } = memoryIo({ 'p.s': 'exit' });
    assert.equal(await main(['asm', '--syntax', 'llvm', 'p.s', '--hex', '-o', 'p.hex'], io), 0);
    assert.equal(out.written.get('p.hex'), '95 00 00 00 00 00 00 00\n');
  });

  it('reports assembler errors as file:line:column, exit 1', async () => {
    const { io, out } = memoryIo({ 'bad.s': 'r0 = 1\nr0 +=\n' });
    assert.equal(await main(['asm', 'bad.s'], io), 1);
    assert.equal(out.stderr, 'tsbpf: bad.s:2:6: expected an immediate, found end of line\n');
  });

  it('rejects bad usage with exit 2', async () => {
    const { io, out } = memoryIo({});
    assert.equal(await main(['asm', '--syntax', 'gas', 'x'], io), 2);
    assert.match(out.stderr, /--syntax must be conformance or llvm/);
    assert.equal(await main(['asm'], io), 2);
  });
});

describe('tsbpf disasm', () => {
  it('reads hex text and prints the three styles', async () => {
    const { io, out } = memoryIo({ 'p.hex': HEX });
    assert.equal(await main(['disasm', 'p.hex'], io), 0);
    assert.equal(out.stdout, '       0:\tr0 = 1\n       1:\tif r1 > r2 goto +1\n       2:\tr0 += r1\n       3:\texit\n');
    out.stdout = '';
    assert.equal(await main(['disasm', '--style', 'kernel', 'p.hex'], io), 0);
    assert.equal(out.stdout, '0: (b7) r0 = 1\n1: (2d) if r1 > r2 goto pc+1\n2: (0f) r0 += r1\n3: (95) exit\n');
    out.stdout = '';
    assert.equal(await main(['disasm', '--style', 'conformance', 'p.hex'], io), 0);
    assert.equal(out.stdout, 'mov %r0, 1\njgt %r1, %r2, +1\nadd %r0, %r1\nexit\n');
  });

  it('reads raw bytecode: a clang-compiled section prints as llvm-objdump did', async () => {
    const dir = join(REPO_ROOT, 'test/golden/llvm/objects');
    const { io, out } = memoryIo({ 'loops.bin': new Uint8Array(readFileSync(join(dir, 'loops.v2.o..text.bin'))) });
    assert.equal(await main(['disasm', '--objdump', 'loops.bin'], io), 0);
    const objdump = readFileSync(join(dir, 'loops.v2.o.objdump.txt'), 'utf8').split('\n')
      .filter((l) => /^\s*\d+:\t/.test(l)).map((l) => l.replace(/ <[^<>]*>$/, ''));
    assert.deepEqual(out.stdout.trimEnd().split('\n'), objdump);
  });

  it('round-trips through asm: disasm output reassembles to the same bytes', async () => {
    const { io, out } = memoryIo({ 'p.hex': HEX });
    await main(['disasm', 'p.hex'], io);
    const { io: io2, out: out2 } = memoryIo({ 'p.s': out.stdout });
    assert.equal(await main(['asm', 'p.s'], io2), 0);
    assert.equal(out2.stdout, HEX);
  });

  it('names ELF objects, bad hex and truncated bytecode in one line, exit 1', async () => {
    const elf = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
    const { io, out } = memoryIo({ 'a.o': elf, 'bad.hex': 'b7 00 zz', 'short.hex': 'b7 00 00' });
    assert.equal(await main(['disasm', 'a.o'], io), 1);
    assert.match(out.stderr, /^tsbpf: a\.o: ELF header\+0x0: file is 8 bytes, too short for an ELF header\n$/);
    out.stderr = '';
    assert.equal(await main(['disasm', 'bad.hex'], io), 1);
    assert.equal(out.stderr, "tsbpf: bad.hex:1:7: expected hex bytes (pairs of hex digits), found 'zz'\n");
    out.stderr = '';
    assert.equal(await main(['disasm', 'short.hex'], io), 1);
    assert.equal(out.stderr, 'tsbpf: pc 0: bytecode length 3 is not a multiple of 8 bytes\n');
    out.stderr = '';
    assert.equal(await main(['disasm', 'missing.bin'], io), 1);
    assert.equal(out.stderr, 'tsbpf: missing.bin: no such file\n');
  });
});
