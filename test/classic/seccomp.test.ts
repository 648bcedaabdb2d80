/**
 * seccomp: filters built by libseccomp 2.5.4 (scripts/seccomp-goldens.c → test/golden/seccomp) with
 * the actions their rules specify; seccomp_check_filter's rules and rewrites (classic-tools.md §A3.4).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ClassicCheckError } from '../../src/classic/checker.js';
import {
  AUDIT_ARCH, checkSeccomp, compileSeccomp, evaluateSeccomp, formatSeccompAction, seccompDataBytes, syscallNumber,
} from '../../src/classic/seccomp.js';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { assembleBpfAsm } from '../../src/text/bpf-asm.js';
import { parseBpfAsmOutput, parseSockFilterBytes } from '../../src/text/classic-disasm.js';

const dir = new URL('../golden/seccomp/', import.meta.url);
const golden = JSON.parse(readFileSync(new URL('cases.json', dir), 'utf8')) as {
  cases: { filter: string; arch: 'x86_64' | 'aarch64'; syscall: string; args: string; action: string }[];
};
const filterBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`${name}.bpf`, dir)));

test('libseccomp filters give the actions their rules say', () => {
  const filters = new Map<string, ReturnType<typeof compileSeccomp>>();
  for (const c of golden.cases) {
    if (!filters.has(c.filter)) filters.set(c.filter, compileSeccomp(parseSockFilterBytes(filterBytes(c.filter))));
    const nr = syscallNumber(c.arch, c.syscall);
    assert.notEqual(nr, undefined, c.syscall);
    const args = c.args === '' ? [] : c.args.split(',').map((a) => BigInt(a));
    const ret = evaluateSeccomp([filters.get(c.filter)!], { nr: nr!, arch: AUDIT_ARCH[c.arch], args });
    assert.equal(formatSeccompAction(ret), c.action, `${c.filter}: ${c.arch} ${c.syscall}(${c.args})`);
  }
  assert.ok(golden.cases.length >= 40);
});

test('stacked filters: the most restrictive action wins', () => {
  const allow = compileSeccomp(parseSockFilterBytes(filterBytes('aarch64-denylist')));
  const errno = compileSeccomp(assembleBpfAsm('ld [0]\njeq #63, rd, other\nrd: ret #0x50005\nother: ret #0x7fff0000'));
  const trace = compileSeccomp(assembleBpfAsm('ret #0x7ff00003'));
  const arch = AUDIT_ARCH.aarch64;
  assert.equal(formatSeccompAction(evaluateSeccomp([allow, errno], { nr: 63, arch })), 'ERRNO(5)');
  assert.equal(formatSeccompAction(evaluateSeccomp([allow, errno], { nr: 64, arch })), 'ALLOW');
  assert.equal(formatSeccompAction(evaluateSeccomp([allow, errno, trace], { nr: 64, arch })), 'TRACE(3)');
  assert.equal(formatSeccompAction(evaluateSeccomp([trace, allow], { nr: 94 /* exit_group */, arch })), 'TRACE(3)');
  assert.equal(formatSeccompAction(evaluateSeccomp([trace, allow], { nr: 104 /* kexec_load */, arch })), 'KILL_PROCESS');
});

test('action decoding', () => {
  assert.equal(formatSeccompAction(0x80000000), 'KILL_PROCESS');
  assert.equal(formatSeccompAction(0), 'KILL_THREAD');
  assert.equal(formatSeccompAction(0x00030005), 'TRAP');
  assert.equal(formatSeccompAction(0x0005ffff), 'ERRNO(4095)'); // data capped at MAX_ERRNO
  assert.equal(formatSeccompAction(0x7fc00000), 'USER_NOTIF');
  assert.equal(formatSeccompAction(0x7ff0abcd), `TRACE(${0xabcd})`);
  assert.equal(formatSeccompAction(0x7ffc0000), 'LOG');
  assert.equal(formatSeccompAction(0x7fff0001), 'ALLOW');
  assert.equal(formatSeccompAction(0x00010000), 'KILL_PROCESS'); // unknown actions are killed
});

test('seccomp_data layout is host order: nr, arch, ip, args low/high words', () => {
  const b = seccompDataBytes({ nr: 59, arch: AUDIT_ARCH.x86_64, instructionPointer: 0x1122334455667788n, args: [1n, 0x100000002n] });
  assert.equal(b.length, 64);
  const v = new DataView(b.buffer);
  assert.equal(v.getUint32(0, true), 59);
  assert.equal(v.getUint32(4, true), 0xc000003e);
  assert.equal(v.getUint32(8, true), 0x55667788);
  assert.equal(v.getUint32(12, true), 0x11223344);
  assert.equal(v.getUint32(16, true), 1);
  assert.equal(v.getUint32(24, true), 2);
  assert.equal(v.getUint32(28, true), 1);
  const hi = compileSeccomp(assembleBpfAsm('ld [28]\nret a'));
  assert.equal(evaluateSeccomp([hi], { nr: 0, arch: 0, args: [0n, 0x7fff0000_00000000n] }), 0x7fff0000);
});

function rejects(src: string, pc: number, rule: string): void {
  assert.throws(() => checkSeccomp(assembleBpfAsm(src)), (e: unknown) => {
    assert.ok(e instanceof ClassicCheckError, String(e));
    assert.equal(e.pc, pc, e.message);
    assert.equal(e.rule, rule, e.message);
    return true;
  }, src);
}

test('seccomp_check_filter: what a seccomp filter may contain', () => {
  rejects('ld [64]\nret a', 0, 'seccomp');
  rejects('ld [2]\nret a', 0, 'seccomp');
  rejects('ldh [0]\nret a', 0, 'seccomp');
  rejects('ldb [0]\nret a', 0, 'seccomp');
  rejects('ldx #1\nld [x + 0]\nret a', 1, 'seccomp');
  rejects('ldxb 4*([0]&0xf)\nret a', 0, 'seccomp');
  rejects('mod #3\nret a', 0, 'seccomp');
  rejects('ld #proto\nret a', 0, 'seccomp');
  rejects('ret x', 0, 'opcode'); // the classic checker runs first
  rejects('div #0\nret a', 0, 'div-by-zero');
  // rewrites: ld [k] → ldx|w|abs, ld/ldx #len → 64
  const p = checkSeccomp(assembleBpfAsm('ld [60]\nld #len\nldx len\nadd x\nret a'));
  assert.deepEqual(p.map((i) => [i.code, i.k]), [[0x21, 60], [0x00, 64], [0x01, 64], [0x0c, 0], [0x16, 0]]);
  assert.equal(evaluateSeccomp([compileSeccomp(assembleBpfAsm('ld #len\nldx len\nadd x\nret a'))], { nr: 0, arch: 0 }), 128);
});

function capture(): { io: Io; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const io: Io = {
    stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, isTTY: false,
    readFile: async (p) => (p === 'list.txt' ? new TextEncoder().encode('read\nwrite 7\n# comment\nexecve\n0\n') : new Uint8Array(readFileSync(p))),
    writeFile: async () => {},
  };
  return { io, out: () => out, err: () => err };
}

test('tsbpf seccomp: one syscall, a list, errors', async () => {
  const file = new URL('x86_64-allowlist.bpf', dir).pathname;
  let c = capture();
  assert.equal(await main(['seccomp', file, '--arch', 'x86_64', '--nr', 'socket', '--args', '2,1,0'], c.io), 0);
  assert.equal(c.out(), 'ERRNO(13)\n');
  c = capture();
  assert.equal(await main(['seccomp', file, '--list', 'list.txt'], c.io), 0);
  assert.equal(c.out(), 'read: ALLOW\nwrite: ERRNO(9)\nexecve: KILL_THREAD\n0: ALLOW\n');
  c = capture();
  assert.equal(await main(['seccomp', file, '--nr', 'nosuchcall'], c.io), 1);
  assert.match(c.err(), /unknown system call 'nosuchcall'/);
  c = capture();
  assert.equal(await main(['seccomp', file], c.io), 2);
});

test('checkSeccomp accepts exactly what the running kernel accepts (kernel-check.json)', () => {
  const k = JSON.parse(readFileSync(new URL('kernel-check.json', dir), 'utf8')) as {
    kernel: string; cases: { what: string; prog: string; errno: number }[];
  };
  for (const c of k.cases) {
    let ours = 0;
    try {
      checkSeccomp(parseBpfAsmOutput(c.prog));
    } catch (e) {
      assert.ok(e instanceof ClassicCheckError, String(e));
      ours = 22; // EINVAL
    }
    assert.equal(ours, c.errno, `${JSON.stringify(c.what)} on Linux ${k.kernel}`);
  }
  assert.ok(k.cases.length > 40);
});

test('system calls under filter stacks behave as the running kernel made them behave (kernel-runs.json)', () => {
  const k = JSON.parse(readFileSync(new URL('kernel-runs.json', dir), 'utf8')) as {
    kernel: string; filters: Record<string, string>;
    runs: { stack: string[]; name: string; nr: number; args: string; outcome: string }[];
  };
  const filters = Object.fromEntries(Object.entries(k.filters).map(([name, prog]) => [name, compileSeccomp(parseBpfAsmOutput(prog))]));
  // What a process observes for an action: the call's result, an errno, a SIGSYS death or the trap handler.
  const observed = (ret: number): string => {
    const a = formatSeccompAction(ret);
    if (a === 'ALLOW' || a === 'LOG') return 'ok';
    if (a.startsWith('TRACE') || a === 'USER_NOTIF') return 'errno 38'; // no tracer, no listener
    if (a.startsWith('ERRNO')) return `errno ${a.slice(6, -1)}`;
    return a === 'TRAP' ? 'trap' : 'sigsys';
  };
  const arch = AUDIT_ARCH.x86_64;
  for (const r of k.runs) {
    const what = `${r.stack.join('+')}: ${r.name}(${r.args})`;
    let outcome: string | undefined;
    const installed: ReturnType<typeof compileSeccomp>[] = [];
    for (const f of r.stack) {
      // Installing the next filter is itself a seccomp(SECCOMP_SET_MODE_FILTER) call the stack may refuse.
      if (installed.length > 0) {
        const seen = observed(evaluateSeccomp(installed, { nr: 317, arch, args: [1n, 0n] }));
        if (seen !== 'ok') {
          outcome = seen.startsWith('errno') ? `install-${seen}` : seen;
          break;
        }
      }
      installed.push(filters[f]!);
    }
    if (outcome === undefined) {
      const args = r.args === '' ? [] : r.args.split(',').map((a) => BigInt(a));
      const seen = observed(evaluateSeccomp(installed, { nr: r.nr, arch, args }));
      outcome = seen === 'ok' ? 'allowed' : seen;
    }
    // Allowed calls succeed, except ptrace(0xffff) (no such process) and ioctl(TCGETS) on /dev/null.
    const natural = r.name === 'ptrace' ? 'errno 3' : r.name === 'ioctl' ? 'errno 25' : 'ok';
    const actual = r.outcome === natural ? 'allowed' : r.outcome;
    assert.equal(outcome, actual, `${what} on Linux ${k.kernel}`);
  }
  assert.ok(k.runs.length > 300);
});
