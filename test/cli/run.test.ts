/** `tsbpf run` and `tsbpf conformance-plugin`. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { main } from '../../src/cli/main.js';
import { encode } from '../../src/isa/codec.js';
import { conformanceProgram, parseConformanceData } from '../../src/text/conformance-data.js';
import { conformanceRoot, REPO_ROOT } from '../helpers/corpus.js';
import { memoryIo } from '../helpers/io.js';


const hexOf = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');

describe('tsbpf run', () => {
  const example = readFileSync(join(REPO_ROOT, 'examples/ebpf/sum.s'), 'utf8');
  const header = readFileSync(join(REPO_ROOT, 'examples/ebpf/sum.mem'));

  it('runs the README example: the IPv4 header checksum is 0xb861', async () => {
    // The header and its checksum are the worked example of the IPv4 header checksum on Wikipedia.
    const { io, out } = memoryIo({ 'sum.s': example, 'sum.mem': header });
    assert.equal(await main(['run', 'sum.s', '--mem-file', 'sum.mem'], io), 0, out.stderr);
    assert.match(out.stdout, /^r0 = 0xb861 \(47201\)\ninstructions: \d+\n$/);
  });

  it('verifies a header whose checksum is filled in (the sum is then 0)', async () => {
    const filled = Uint8Array.from(header);
    filled[10] = 0xb8;
    filled[11] = 0x61;
    const { io, out } = memoryIo({ 'sum.s': example });
    assert.equal(await main(['run', 'sum.s', '--mem', hexOf(filled)], io), 0, out.stderr);
    assert.match(out.stdout, /^r0 = 0x0 \(0\)/);
  });

  it('reads raw bytecode and hex text', async () => {
    const prog = new Uint8Array([0xb7, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff, 0x95, 0, 0, 0, 0, 0, 0, 0]); // mov r0, -2; exit
    for (const file of [prog, hexOf(prog)]) {
      const { io, out } = memoryIo({ p: file });
      assert.equal(await main(['run', 'p'], io), 0, out.stderr);
      assert.equal(out.stdout, 'r0 = 0xfffffffffffffffe (18446744073709551614 = -2)\ninstructions: 2\n');
    }
  });

  it('reports a fault with pc, address and size, exit 1', async () => {
    const { io, out } = memoryIo({ 'p.s': 'mov %r1, 0\nstxw [%r1+16], %r1\nexit\n' });
    assert.equal(await main(['run', 'p.s'], io), 1);
    assert.equal(out.stdout, '');
    assert.equal(out.stderr, 'tsbpf: pc 1: 4-byte store at 0x10: null pointer dereference\n');
  });

  it('stops an endless loop at --limit', async () => {
    const { io, out } = memoryIo({ 'p.s': 'mov %r0, 0\nloop:\nadd %r0, 1\nja loop\n' });
    assert.equal(await main(['run', 'p.s', '--limit', '1001'], io), 1);
    assert.equal(out.stderr, 'tsbpf: pc 1: instruction limit of 1001 reached\n');
  });

  it('rejects an invalid program with the pc', async () => {
    const { io, out } = memoryIo({ 'p.s': 'mov %r0, 1\nja +5\nexit\n' });
    assert.equal(await main(['run', 'p.s'], io), 1);
    assert.equal(out.stderr, 'tsbpf: pc 1: jump out of range to pc 7\n');
  });

  it('reports usage errors with exit 2', async () => {
    for (const argv of [['run'], ['run', 'p', '--limit', 'x'], ['run', 'p', '--engine', 'nope'], ['run', 'p', '--mem', 'zz']]) {
      const { io, out } = memoryIo({});
      assert.equal(await main(argv, io), 2, argv.join(' '));
      assert.match(out.stderr, /^tsbpf: /);
    }
  });
});

const root = conformanceRoot();

describe('tsbpf conformance-plugin (spawned like the upstream runner does)', { skip: root ? false : 'conformance corpus not found' }, () => {
  const spawn = promisify(execFile);
  const plugin = (memHex: string | undefined, programHex: string) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), 'conformance-plugin', ...(memHex ? [memHex] : [])], { cwd: REPO_ROOT });
    child.child.stdin!.end(programHex);
    return child;
  };

  it('returns the expected r0 of conformance tests, with and without memory', async () => {
    const files = ['bpf_conformance/lddw2.data', 'bpf_conformance/mem-len.data', 'bpf_conformance/ldxh-same-reg.data'];
    await Promise.all(files.map(async (file) => {
      const test = parseConformanceData(readFileSync(join(root!, file), 'utf8'), file);
      const { stdout } = await plugin(test.mem ? hexOf(test.mem) : undefined, hexOf(encode(conformanceProgram(test)!)));
      assert.equal(BigInt(`0x${stdout.trim()}`), test.result, file);
    }));
  });

  it('fails with a message and a non-zero exit on a fault', async () => {
    // stxw [%r1+16], %r1 with r1 = 0 (no memory): a null store.
    await assert.rejects(plugin(undefined, '63 11 10 00 00 00 00 00 95 00 00 00 00 00 00 00'), (e: { code: number; stdout: string }) => {
      assert.equal(e.code, 1);
      assert.match(e.stdout, /pc 0: 4-byte store at 0x10/);
      return true;
    });
  });
});
