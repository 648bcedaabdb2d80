/**
 * The playground's analyze, debug and jitWat answers, and the worker protocol, against their
 * references: `tsbpf asm` / `tsbpf compile` / `tsbpf verify` error positions, the kernel's and
 * llvm-objdump's instruction text (through the verifier golden logs and `tsbpf disasm`), tcpdump
 * -d listings (test/golden/tcpdump/expressions.json), bpf_asm's output, `tsbpf dbg` register dumps
 * and `tsbpf jit --dump`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { encode } from '../../src/isa/codec.js';
import { analyze } from '../../web/src/session/analyze.js';
import type { Request, Response } from '../../web/src/session/api.js';
import { debug } from '../../web/src/session/debug.js';
import { EXAMPLE_SOURCES, EXAMPLES } from '../../web/src/session/examples.js';
import { resolveProgram } from '../../web/src/session/inputs.js';
import { jitWat } from '../../web/src/session/jit.js';
import { handle } from '../../web/src/session/session.js';
import { cli, maskLog, repoFile, ROOT, scratch, TRAFFIC } from './session-cli.js';

const exampleText = (id: string): string => (EXAMPLES.find((e) => e.id === id)!.input as { text: string }).text;
const traffic = { name: 'traffic.pcap', bytes: repoFile(TRAFFIC) };

/** The first packet of a little-endian pcap, read here without src/pcap. */
function firstPacket(pcap: Uint8Array): Uint8Array {
  const caplen = new DataView(pcap.buffer, pcap.byteOffset).getUint32(24 + 8, true);
  return pcap.slice(24 + 16, 24 + 16 + caplen);
}

describe('session analyze: diagnostics', () => {
  it('puts assembler errors where tsbpf asm puts them', async () => {
    for (const text of ['r0 = 1\nr0 +== 2\nexit\n', 'r0 = 1\n\n  goto nowhere\nexit\n', 'mov32 %r0, 1\nadd32 %r0\nexit\n']) {
      const a = analyze({ kind: 'ebpf-asm', text });
      assert.equal(a.ok, false);
      const d = a.diagnostics[0]!;
      const reference = await cli(['asm', 'program.s'], { 'program.s': text });
      assert.equal(reference.code, 1);
      assert.equal(`tsbpf: ${d.message}\n`, reference.stderr);
      assert.ok(reference.stderr.startsWith(`tsbpf: program.s:${d.line}:${d.column}: `), reference.stderr);
    }
  });

  it('puts directive errors on their line', () => {
    const a = analyze({ kind: 'ebpf-asm', text: '; type: xdp\n; map: m hash 8\nexit\n' });
    assert.equal(a.diagnostics[0]!.line, 2);
    assert.match(a.diagnostics[0]!.message, /expected '; map: NAME TYPE KEY_SIZE/);
  });

  it('puts filter errors at tcpdump\'s column, also in an expression wrapped over lines', async () => {
    for (const expr of ['tcp port 22 and foo', 'host 256.1.1.1', 'tcp port ssh2', 'portrange 10-']) {
      const reference = await cli(['compile', ...expr.split(' ')]);
      assert.equal(reference.code, 1, expr);
      const oneLine = analyze({ kind: 'filter', text: expr }).diagnostics[0]!;
      const m = /^tsbpf: filter(?::1:(\d+))?: (.*)\n$/.exec(reference.stderr)!;
      assert.ok(m, reference.stderr);
      assert.equal(oneLine.message.replace(/^filter(:1:\d+)?: /, ''), m[2]);
      if (m[1] !== undefined) assert.deepEqual([oneLine.line, oneLine.column], [1, Number(m[1])]);
      // The same expression over two lines: the column moves to the second line.
      const cut = expr.indexOf(' ');
      const wrapped = analyze({ kind: 'filter', text: `${expr.slice(0, cut)}\n${expr.slice(cut + 1)}` }).diagnostics[0]!;
      if (m[1] !== undefined && Number(m[1]) > cut + 1) assert.deepEqual([wrapped.line, wrapped.column], [2, Number(m[1]) - cut - 1]);
    }
  });

  it('reports a malformed object as tsbpf run does, and lists nothing', async () => {
    for (const bytes of [repoFile('examples/xdp_counter.o').subarray(0, 300), Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1])]) {
      const a = analyze({ kind: 'object', bytes, name: 'bad.o' });
      const reference = await cli(['run', 'bad.o', '--pcap', TRAFFIC], { 'bad.o': bytes });
      assert.equal(reference.code, 1);
      assert.equal(`tsbpf: ${a.diagnostics[0]!.message}\n`, reference.stderr);
      assert.equal(a.diagnostics[0]!.source, 'loader');
      assert.deepEqual(a.programs, []);
    }
  });
});

describe('session analyze: listings', () => {
  it('prints each instruction as the kernel\'s log does, linked to its source line', () => {
    for (const [id, source] of Object.entries(EXAMPLE_SOURCES)) {
      const text = exampleText(id);
      const log = maskLog((JSON.parse(readFileSync(join(ROOT, 'test/golden/verifier', `${source}.json`), 'utf8')) as { log2: string }).log2);
      const a = analyze({ kind: 'ebpf-asm', text });
      assert.ok(a.disasm.length > 0, id);
      const lines = text.split('\n');
      for (const d of a.disasm) {
        const kernel = maskLog(`${d.pc}: ${d.kernel}`);
        // Every instruction the kernel reached appears in its level-2 log as `pc: (op) text`.
        if (log.includes(`\n${d.pc}: (`)) assert.ok(log.split('\n').some((l) => l.startsWith(kernel)), `${id}: ${kernel}`);
        // The source line holds the instruction: that line alone, under the header, assembles to it.
        const header = lines.filter((l) => l.startsWith(';')).join('\n');
        assert.equal(analyze({ kind: 'ebpf-asm', text: `${header}\n${lines[d.line! - 1]}\n` }).disasm[0]!.kernel, d.kernel, `${id} line ${d.line}`);
      }
    }
  });

  it('prints llvm-objdump text as tsbpf disasm does', async () => {
    const program = resolveProgram({ kind: 'object', bytes: repoFile('examples/xdp_counter.o') });
    const hex = Buffer.from(encode(program.flavor === 'ebpf' ? program.insns : [])).toString('hex').replace(/(..)/g, '$1 ');
    const reference = (await cli(['disasm', 'prog.hex'], { 'prog.hex': hex })).stdout.trimEnd().split('\n');
    const a = analyze({ kind: 'object', bytes: repoFile('examples/xdp_counter.o') });
    assert.deepEqual(a.disasm.map((d) => `${String(d.pc).padStart(8)}:\t${d.llvm}`), reference);
  });

  it('lists an object\'s programs as tsbpf jit --dump names them', async () => {
    const reference = (await cli(['jit', '--dump', 'examples/tailcall.o'])).stdout.split('\n').filter((l) => /^;; \S+\/\S+$/.test(l)).map((l) => l.slice(3));
    const a = analyze({ kind: 'object', bytes: repoFile('examples/tailcall.o') });
    assert.ok(reference.length > 1);
    assert.deepEqual(a.programs.map((p) => `${p.section}/${p.name}`), reference);
    assert.equal(a.selected, a.programs[0]!.name);
    const second = analyze({ kind: 'object', bytes: repoFile('examples/tailcall.o'), program: a.programs[1]!.name });
    assert.equal(second.selected, a.programs[1]!.name);
  });

  it('lists compiled filters as tcpdump -d does', () => {
    const goldens = (JSON.parse(readFileSync(join(ROOT, 'test/golden/tcpdump/expressions.json'), 'utf8')) as {
      cases: { expr: string; linkType: string; d?: string[] }[];
    }).cases;
    for (const e of EXAMPLES.filter((x) => x.input.kind === 'filter')) {
      const expr = (e.input as { text: string }).text;
      const g = goldens.find((c) => c.expr === expr && c.linkType === 'EN10MB');
      assert.ok(g?.d, expr);
      const a = analyze({ kind: 'filter', text: expr });
      assert.equal(a.classicText, `${g.d.join('\n')}\n`);
      assert.deepEqual(a.classic.map((l) => l.text), g.d);
    }
  });

  it('assembles the classic example as bpf_asm does', () => {
    const g = (JSON.parse(readFileSync(join(ROOT, 'test/golden/bpf_tools/bpf_asm.json'), 'utf8')) as { cases: { src: string; plain: { stdout: string } }[] }).cases[0]!;
    const a = analyze({ kind: 'classic-asm', text: exampleText('classic-ssh') });
    assert.equal(exampleText('classic-ssh'), g.src);
    const [count, ...insns] = g.plain.stdout.trim().replace(/,$/, '').split(',');
    assert.equal(a.classic.length, Number(count));
    assert.deepEqual(a.classic.map((l) => `${l.code} ${l.jt} ${l.jf} ${l.k}`), insns);
    // One instruction per statement line: `pass: ret #-1` is line 11.
    assert.equal(a.classic[10]!.line, 11);
  });
});

/** `tsbpf dbg` over a command file: the register dump of `step N` (before the N-th instruction). */
async function dbgDump(load: string, steps: number, files: Record<string, string> = {}): Promise<Record<string, string>> {
  const out = (await cli(['dbg', 'cmds.txt'], { ...files, 'cmds.txt': `${load}\nload pcap ${TRAFFIC}\nstep ${steps}\n` })).stdout;
  const fields: Record<string, string> = {};
  for (const m of out.matchAll(/^(pc|A|X|r\d+):\s+\[([^\]]*)\](?:\[(\d+)\])?/gm)) fields[m[1]!] = m[3] ?? m[2]!;
  return fields;
}

describe('session debug', () => {
  it('shows the registers tsbpf dbg shows after stepping (classic)', async () => {
    const g = (JSON.parse(readFileSync(join(ROOT, 'test/golden/bpf_tools/bpf_asm.json'), 'utf8')) as { cases: { plain: { stdout: string } }[] }).cases[0]!;
    for (const steps of [1, 3, 5]) {
      const s = debug({ input: { kind: 'classic-asm', text: exampleText('classic-ssh') }, capture: traffic, action: { kind: 'step', n: steps - 1 } });
      const ref = await dbgDump(`load bpf ${g.plain.stdout.trim()}`, steps);
      assert.deepEqual({ pc: String(s.pc), A: String(s.A), X: String(s.X) }, ref, `step ${steps}`);
    }
  });

  it('shows the registers tsbpf dbg shows after stepping (eBPF, r1 = packet), forward and back', async () => {
    const text = exampleText('xdp-bounds');
    const at = (executed: number, n: number) => debug({ input: { kind: 'ebpf-asm', text }, capture: traffic, executed, action: { kind: 'step', n } });
    for (const steps of [1, 3, 4]) {
      const s = at(0, steps - 1);
      const ref = await dbgDump('load ebpf prog.s', steps, { 'prog.s': text });
      assert.deepEqual({ pc: String(s.pc), ...Object.fromEntries(s.regs!.map((r, i) => [`r${i}`, String(r)])) }, ref, `step ${steps}`);
    }
    assert.deepEqual(at(4, -2), at(0, 2));
    // `r2 = *(u32 *)(r1 + 0)` reads the packet's first 4 bytes.
    assert.deepEqual(at(0, 0).reads, { start: 0, end: 4 });
  });

  it('steps eBPF in its program type\'s context, forward and back, to the end tsbpf run reaches', async () => {
    const text = exampleText('xdp-bounds');
    const at = (executed: number, n: number) => debug({ input: { kind: 'ebpf-asm', text }, capture: traffic, context: 'program-type', executed, action: { kind: 'step', n } });
    const frame = firstPacket(traffic.bytes);
    // r2 = ctx->data, r3 = ctx->data_end: the frame's bytes, as the capture holds them.
    const three = at(0, 3);
    assert.equal(three.pc, 3);
    assert.equal(three.line, text.split('\n').indexOf('r4 += 14') + 1);
    assert.equal(three.regs![3]! - three.regs![2]!, BigInt(frame.length));
    assert.deepEqual(three.packet, frame);
    assert.deepEqual(at(5, -2), three);
    // The bounds check passes: the next load reads byte 12 of the frame, and the run returns it.
    const load = at(0, 5);
    assert.equal(load.insn, 'l5:\t(71) r0 = *(u8 *)(r2 +12)');
    assert.deepEqual(load.reads, { start: 12, end: 13 });
    const end = at(0, 100);
    assert.deepEqual([end.finished, end.returnValue, end.pc], [true, frame[12], 6]);
    // An object, run to its end on the first packet: as many instructions as tsbpf run counts.
    const one = scratch({ 'one.pcap': traffic.bytes.subarray(0, 24 + 16 + frame.length) });
    const reference = JSON.parse((await cli(['run', 'examples/xdp_counter.o', '--pcap', join(one, 'one.pcap'), '--json', '--engine', 'interp'])).stdout) as { instructions: number; verdicts: Record<string, number> };
    const run = debug({ input: { kind: 'object', bytes: repoFile('examples/xdp_counter.o') }, capture: traffic, context: 'program-type', action: { kind: 'continue' } });
    assert.equal(run.finished, true);
    assert.equal(run.executed, reference.instructions);
    assert.deepEqual(reference.verdicts, { XDP_PASS: 1 });
    assert.equal(run.returnValue, 2); // XDP_PASS
    // With maps and helpers, and no capture: the lookup in the (empty) hash map returns NULL.
    const lookup = (n: number) => debug({ input: { kind: 'ebpf-asm', text: exampleText('map-lookup') }, context: 'program-type', action: { kind: 'step', n } });
    assert.equal(lookup(4).insn, 'l5:\t(85) call bpf_map_lookup_elem#1');
    assert.deepEqual([lookup(5).pc, lookup(5).regs![0], lookup(5).packetIndex], [6, 0n, 0]);
    assert.throws(() => debug({ input: { kind: 'ebpf-asm', text: exampleText('map-lookup') }, action: { kind: 'start' } }), /unregistered helper 1 \(this mode runs without maps or helpers/);
  });

  it('runs to a breakpoint and reports faults and bad captures in words', () => {
    const text = exampleText('xdp-bounds');
    const s = debug({ input: { kind: 'ebpf-asm', text }, capture: traffic, context: 'program-type', breakpoints: [5], action: { kind: 'continue' } });
    assert.deepEqual([s.pc, s.executed, s.finished], [5, 5, false]);
    const past = debug({ input: { kind: 'ebpf-asm', text }, capture: traffic, context: 'program-type', breakpoints: [5], executed: 5, action: { kind: 'continue' } });
    assert.deepEqual([past.pc, past.finished], [6, true]);
    const fault = debug({ input: { kind: 'ebpf-asm', text: 'r0 = *(u8 *)(r1 + 30000)\nexit\n' }, action: { kind: 'step', n: 1 } });
    assert.equal(fault.finished, true);
    assert.equal(fault.error?.kind, 'VmError');
    assert.throws(() => debug({ input: { kind: 'ebpf-asm', text }, capture: { name: 'bad.pcap', bytes: new Uint8Array(10) }, action: { kind: 'start' } }), /bad.pcap: cannot load pcap/);
  });
});

describe('session jitWat and the worker protocol', () => {
  it('gives the WAT tsbpf jit --dump prints for an object\'s program', async () => {
    const reference = (await cli(['jit', '--dump', 'examples/xdp_counter.o'])).stdout;
    const r = jitWat({ kind: 'object', bytes: repoFile('examples/xdp_counter.o') });
    assert.equal(r.wat, reference);
    assert.match(jitWat({ kind: 'filter', text: 'tcp' }).note!, /classic programs are compiled to JavaScript/);
  });

  it('answers every request with plain data, errors as words with their place, progress for runs', async () => {
    const posted: Response[] = [];
    const ask = async (method: string, params: unknown): Promise<Response> => {
      const r = await handle({ id: 7, method, params } as unknown as Request, (m) => posted.push(m));
      assert.deepEqual(structuredClone(r), r);
      return r;
    };
    assert.deepEqual(await ask('nonsense', {}), { id: 7, ok: false, error: { message: 'unknown method "nonsense" (one of analyze, verify, debug, runCapture, jitWat, examples, encodeState, decodeState)' } });
    assert.deepEqual(await ask('runCapture', { input: { kind: 'filter', text: 'tcp' } }), { id: 7, ok: false, error: { message: 'runCapture: params.capture must be { name, bytes: Uint8Array }' } });
    assert.deepEqual(await ask('verify', { input: { kind: 'object' } }), { id: 7, ok: false, error: { message: 'verify: params.input.bytes must be a Uint8Array' } });
    const bad = await ask('debug', { input: { kind: 'ebpf-asm', text: 'r0 = 1\nr9 = *(u8 *)(r1 + 100000)\n' }, action: { kind: 'start' } });
    assert.equal(bad.id, 7);
    assert.ok('ok' in bad && !bad.ok);
    assert.deepEqual([bad.error.line, bad.error.column, bad.error.kind], [2, 17, 'AsmError']);
    const run = await ask('runCapture', { input: { kind: 'object', bytes: repoFile('examples/xdp_counter.o') }, capture: traffic });
    assert.ok('ok' in run && run.ok);
    assert.deepEqual(posted.map((m) => ('progress' in m ? m.progress : -1)), [0.256, 0.512, 0.768, 1]);
    const examples = await ask('examples', {});
    assert.ok('ok' in examples && examples.ok && Array.isArray(examples.result));
    const link = await ask('encodeState', { state: { kind: 'filter', text: 'tcp' } });
    assert.ok('ok' in link && link.ok);
    assert.deepEqual(await ask('decodeState', { fragment: link.result }), { id: 7, ok: true, result: { kind: 'filter', text: 'tcp' } });
    const damaged = await ask('decodeState', { fragment: 'v1.%%' });
    assert.ok('ok' in damaged && !damaged.ok && damaged.error.kind === 'ShareError');
  });
});
