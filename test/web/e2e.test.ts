/**
 * The web playground end to end, in headless Chromium: one Vite build, one static server, one
 * browser, one page driven through issue 8's scenarios. Expectations come from outside the page:
 * the kernel 6.18 verifier goldens (test/golden/verifier), tsbpf's own CLI run in this process
 * (`tsbpf run OBJ --pcap CAP`, `tsbpf jit --dump`), and the Node debugger engine. Screenshots of
 * the main views go to test-artifacts/web/ (git-ignored).
 *
 * Skipped, with the reason, when no Chromium is installed (`.ci/run` installs Debian's).
 */
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { main } from '../../src/cli/main.js';
import { DebugEngine } from '../../src/debugger/engine.js';
import { loadObject } from '../../src/loader/index.js';
import { CaptureReader } from '../../src/pcap/reader.js';
import { assembleCase, parseCaseHeader } from '../../src/text/case-file.js';
import { parseClassicProgram } from '../../src/text/classic-disasm.js';
import type { Io } from '../../src/cli/io.js';
import { debug } from '../../web/src/session/debug.js';
import { verifyInput } from '../../web/src/session/verify.js';
import { exampleAssets } from '../../web/vite.config.js';
import { artifactsDir, buildPage, findChromium, repoRoot, serveStatic } from './harness.js';

const chromiumPath = findChromium();
const goldenDir = join(repoRoot, 'test', 'golden', 'verifier');

/** Runs the tsbpf CLI in this process; returns its exit code and output. */
async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; },
    readFile: async (p) => new Uint8Array(await readFile(p)),
    writeFile: async () => {}, isTTY: false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** The instruction lines of a verifier case (no `;` directives, no blank lines), trimmed. */
function body(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith(';'));
}

interface KernelGolden { accepted: boolean; log1: string; log2: string; case: string }

/** The kernel golden whose program is exactly these instruction lines. */
async function goldenFor(lines: string[]): Promise<KernelGolden> {
  const casesDir = join(goldenDir, 'cases');
  for (const group of await readdir(casesDir)) {
    for (const file of await readdir(join(casesDir, group)).catch(() => [] as string[])) {
      if (!file.endsWith('.s')) continue;
      const text = await readFile(join(casesDir, group, file), 'utf8');
      if (body(text).join('\n') === lines.join('\n')) {
        return JSON.parse(await readFile(join(goldenDir, group, file.replace(/\.s$/, '.json')), 'utf8')) as KernelGolden;
      }
    }
  }
  throw new Error(`no kernel golden case has this program:\n${lines.join('\n')}`);
}

/** The kernel's failing instruction and message from a level-1 log: `6: (79) r0 = …` then the error line. */
function kernelError(log1: string): { pc: number; message: string } {
  const lines = log1.trimEnd().split('\n');
  const processed = lines.findIndex((l) => l.startsWith('processed '));
  const message = lines[processed - 1] ?? '';
  const insnLine = lines.slice(0, processed - 1).reverse().find((l) => /^\d+: \(/.test(l)) ?? '';
  return { pc: Number(/^(\d+):/.exec(insnLine)?.[1] ?? -1), message };
}

describe('web playground in Chromium', { skip: chromiumPath ? false : 'no Chromium found (set CHROMIUM_PATH or apt-get install chromium; .ci/run installs it)' }, () => {
  let browser: Browser;
  let page: Page;
  let server: Server;
  let url: string;
  let outDir: string | undefined;
  const pageErrors: string[] = [];

  const testid = (id: string) => page.getByTestId(id);
  const editorText = async (): Promise<string> =>
    (await page.locator('.cm-content .cm-line').allTextContents()).join('\n');
  const screenshot = async (name: string): Promise<void> => {
    await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
  };
  /** Chooses an example from the menu and waits until the page has loaded it (a new status message). */
  const chooseExample = async (value: string): Promise<void> => {
    const seq = Number(await testid('status').getAttribute('data-seq') ?? 0);
    await testid('examples').selectOption(value);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="status"]')?.getAttribute('data-seq') ?? 0) > n, seq);
    assert.match(await testid('status').innerText(), /^Example: /);
  };
  /** The verdict, or the verifier panel's message when there is none, once either is shown. */
  const waitVerdict = async (): Promise<string> => {
    const handle = await page.waitForFunction(() => {
      // Not while the panel still shows the answer for the text before an edit.
      const panel = document.querySelector('[data-testid="panel-verifier"]:not([data-stale])');
      const verdict = panel?.querySelector('[data-testid="verdict"]');
      if (verdict) return verdict.textContent ?? '';
      const message = panel?.querySelector('[data-testid="verifier-message"]');
      return message ? `no verdict: ${message.textContent ?? ''}` : null;
    });
    return (await handle.jsonValue()) ?? '';
  };

  before(async () => {
    await mkdir(artifactsDir, { recursive: true });
    outDir = await buildPage();
    ({ url, server } = await serveStatic(outDir));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // No time limits (a shared machine can be slow): every wait ends on what the page shows,
    // and the waits that could meet an error wait for the error's message too.
    page.setDefaultTimeout(0);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
  });

  after(async () => {
    await browser?.close();
    await new Promise((ok) => server?.close(ok));
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  test('the page loads with its examples menu, editor and a non-blank view', async () => {
    await page.goto(url);
    await page.locator('.cm-content').waitFor();
    const options = await testid('examples').locator('option').allTextContents();
    assert.ok(options.length > 3, `examples menu: ${options.join(', ')}`);
    await waitVerdict();
    assert.notEqual((await testid('panel-verifier').innerText()).trim(), '');
    // Every bundled binary is served next to the page.
    for (const file of exampleAssets()) {
      const r = await page.request.get(new URL(`examples/${file}`, url).href);
      assert.equal(r.status(), 200, file);
    }
  });

  let example = '';
  test('an example with a map lookup and its NULL check: the verifier accepts it, as Linux 6.18 did', async () => {
    // Find the example the session bundles for this (a lookup followed by `if r0 == 0`).
    const values = await testid('examples').locator('optgroup[label="eBPF assembly"] option').evaluateAll(
      (os) => os.map((o) => (o as HTMLOptionElement).value));
    for (const value of values) {
      await chooseExample(value);
      const text = await editorText();
      if (/call bpf_map_lookup_elem/.test(text) && /^\s*if r0 == 0 goto/m.test(text)) { example = text; break; }
    }
    assert.ok(example, 'no eBPF example with a map lookup and a NULL check');
    const golden = await goldenFor(body(example));
    assert.equal(golden.accepted, true);
    assert.match(await waitVerdict(), /^accepted/);
    await testid('verifier-insns').waitFor();
    // Hovering over `r2 += -8` shows the state the kernel's level-2 log gives after it.
    const kernelLine = golden.log2.split('\n').find((l) => /^\d+: \(07\) r2 \+= -8/.test(l)) ?? '';
    const kernelState = kernelLine.slice(kernelLine.indexOf(';') + 1).trim();
    assert.ok(kernelState, kernelLine);
    await page.locator('.cm-line', { hasText: /^r2 \+= -8/ }).hover({ position: { x: 12, y: 6 } });
    await testid('state-tooltip').waitFor();
    assert.ok((await testid('state-tooltip').innerText()).includes(kernelState), kernelState);
    await page.mouse.move(0, 0);
    await screenshot('verifier-accepted');
  });

  test('edited into the map_value_or_null mistake: the kernel\'s message, on the failing instruction', async () => {
    // Delete the NULL check with the keyboard, as a user would.
    await page.locator('.cm-line', { hasText: /^\s*if r0 == 0 goto/ }).click();
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    const edited = await editorText();
    assert.doesNotMatch(edited, /if r0 == 0/);
    const golden = await goldenFor(body(edited));
    assert.equal(golden.accepted, false);
    const expected = kernelError(golden.log1);
    assert.match(expected.message, /map_value_or_null/);
    await page.waitForFunction(() => document.querySelector('[data-testid="verdict"]')?.textContent?.startsWith('rejected'));
    const error = testid('verifier-error');
    assert.equal((await error.textContent())?.split('\n')[0], expected.message);
    assert.equal(Number(await error.getAttribute('data-pc')), expected.pc);
    // The failing instruction is highlighted in the source and in the listing.
    const failing = golden.log1.split('\n').find((l) => l.startsWith(`${expected.pc}: (`)) ?? '';
    const kernelInsn = failing.replace(/^\d+: \(\w+\) /, '').replace(/\s+;.*$/, '').trim();
    assert.equal((await testid('verifier-insns').locator('tr.error td.text').textContent())?.replace(/^\(\w+\) /, ''), kernelInsn);
    const errorLine = (await testid('editor-error-line').textContent())?.trim() ?? '';
    const sourceLines = body(edited);
    assert.ok(sourceLines.includes(errorLine), `highlighted source line ${errorLine}`);
    assert.equal(sourceLines.indexOf(errorLine), body(edited).length - 2, 'the load before exit fails');
    // The level-1 log ends as the kernel's.
    assert.ok((await testid('verifier-log').textContent())?.includes(expected.message));
    await screenshot('verifier-rejected');
  });

  test('a shared link reproduces the state after a reload', async () => {
    const before = { text: await editorText(), error: await testid('verifier-error').textContent() };
    await testid('share').click();
    await page.waitForFunction(() => location.hash.length > 1);
    const link = page.url();
    await page.goto('about:blank');
    await page.goto(link);
    await page.waitForFunction(() => document.querySelector('[data-testid="verdict"]')?.textContent?.startsWith('rejected'));
    assert.equal(await editorText(), before.text);
    assert.equal(await testid('verifier-error').textContent(), before.error);
    assert.equal(await testid('kind').inputValue(), 'ebpf-asm');
  });

  test('a damaged shared link says so in words', async () => {
    const good = page.url();
    await page.goto(`${url}#not-a-valid-state`);
    await page.reload();
    await testid('status').filter({ hasText: 'shared link' }).waitFor();
    assert.ok((await testid('panel-verifier').innerText()).includes('shared link'));
    await page.goto('about:blank');
    await page.goto(good);
    await page.waitForFunction(() => document.querySelector('[data-testid="verdict"]')?.textContent?.startsWith('rejected'));
  });

  const selectExample = async (title: RegExp): Promise<void> => {
    const value = await testid('examples').locator('option', { hasText: title }).first().getAttribute('value');
    assert.ok(value, `no example ${title}`);
    await chooseExample(value);
  };
  const waitExecuted = async (n: number): Promise<void> => {
    await page.waitForFunction((k) => document.querySelector('[data-testid="debug-status"]')?.getAttribute('data-executed') === String(k), n);
  };
  const shownRegisters = async (): Promise<[string | null, string | null][]> =>
    testid('debug-regs').locator('[data-value]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-testid'), e.getAttribute('data-value')] as [string | null, string | null]));

  test('the debugger steps three eBPF instructions over the first packet: the registers of the same run in Node, and what the program says they hold', async () => {
    await selectExample(/XDP packet bounds check/);
    await waitVerdict();
    await testid('tab-debug').click();
    await waitExecuted(0);
    const text = await editorText();
    for (let i = 1; i <= 3; i++) {
      await page.keyboard.press('F10');
      await waitExecuted(i);
    }
    const shown = await shownRegisters();
    // The same request to the session in Node (the worker runs the same code in the browser).
    const capture = { name: 'traffic.pcap', bytes: new Uint8Array(await readFile(join(repoRoot, 'examples', 'traffic.pcap'))) };
    const node = debug({ input: { kind: 'ebpf-asm', text }, capture, packet: 1, context: 'program-type', action: { kind: 'step', n: 3 }, executed: 0 });
    assert.deepEqual(shown, (node.regs ?? []).map((v, i) => [`reg-r${i}`, v.toString()]));
    assert.equal(Number(await testid('debug-status').getAttribute('data-pc')), 3);
    // What the three instructions did: r2 = data, r3 = data_end of the first packet, r4 = r2.
    const regs = new Map<string | null, string | null>(shown);
    const r = (n: number): bigint => BigInt(regs.get(`reg-r${n}`) ?? 'x');
    assert.equal(r(3) - r(2), BigInt(firstPacketLength(capture.bytes)));
    assert.equal(r(4), r(2));
    await screenshot('debugger');
    // Two more steps: at `r0 = *(u8 *)(r2 + 12)`, the packet byte at offset 12 is highlighted.
    await page.keyboard.press('F10');
    await waitExecuted(4);
    await page.keyboard.press('F10');
    await waitExecuted(5);
    assert.match(await testid('debug-insn').innerText(), /r0 = \*\(u8 \*\)\(r2 \+12\)/);
    assert.equal(await highlighted(), 1);
    assert.equal(await testid('debug-packet-hex-hl').getAttribute('data-offset'), '12');
    // One step back: r4 = data + 14 (after `r4 += 14`), nothing read from the packet by `if`.
    await page.keyboard.press('Shift+F10');
    await waitExecuted(4);
    const back = new Map<string | null, string | null>(await shownRegisters());
    assert.equal(BigInt(back.get('reg-r4') ?? 'x'), r(2) + 14n);

    // The same program as `tsbpf dbg` runs it (r1 = the packet, r2 = its length): the registers
    // after three steps are src/debugger's engine's.
    await testid('debug-context').selectOption('packet');
    await waitExecuted(0);
    for (let i = 1; i <= 3; i++) {
      await page.keyboard.press('F10');
      await waitExecuted(i);
    }
    const engine = new DebugEngine();
    const header = parseCaseHeader(text, 'program.s');
    assert.deepEqual(engine.loadEbpf(assembleCase(text, header.maps, 'program.s')), []);
    assert.deepEqual(engine.loadCapture(capture.bytes, 'traffic.pcap'), []);
    engine.select(1);
    engine.step(3);
    const dump = engine.snapshot();
    assert.equal(dump.kind, 'ebpf');
    assert.deepEqual(await shownRegisters(), (dump.kind === 'ebpf' ? dump.regs : []).map((v, i) => [`reg-r${i}`, v.toString()]));
    await testid('debug-context').selectOption('program-type');
    await waitExecuted(0);
    // A breakpoint set by clicking the editor's gutter, then F5: the run stops before it.
    const target = await page.locator('.cm-line', { hasText: /^r0 = \*\(u8/ }).boundingBox();
    const gutter = await page.locator('.cm-breakpoint-gutter').boundingBox();
    assert.ok(target && gutter);
    await page.mouse.click(gutter.x + gutter.width / 2, target.y + target.height / 2);
    await page.waitForFunction(() => document.querySelector('[data-testid="bp-5"]')?.getAttribute('aria-pressed') === 'true');
    await page.keyboard.press('F5');
    await waitExecuted(5);
    assert.equal(Number(await testid('debug-status').getAttribute('data-pc')), 5);
  });

  const highlighted = async (): Promise<number> => testid('debug-packet-hex-hl').count();

  test('an object over the bundled capture: the verdict histogram equals `tsbpf run`', async () => {
    await chooseExample('xdp_counter');
    await page.waitForFunction(() => document.querySelector('[data-testid="kind"]') instanceof HTMLSelectElement
      && (document.querySelector('[data-testid="kind"]') as HTMLSelectElement).value === 'object');
    await testid('file-input').setInputFiles(join(repoRoot, 'examples', 'traffic.pcap'));
    await testid('capture-name').filter({ hasText: 'traffic.pcap' }).waitFor();
    await waitVerdict();
    await page.keyboard.press('F8');
    await testid('run-histogram').or(testid('run-message')).waitFor();
    const shown = Object.fromEntries(await testid('run-histogram').locator('tr[data-verdict]').evaluateAll(
      (rows) => rows.map((r) => [r.getAttribute('data-verdict'), Number(r.querySelector('[data-count]')?.getAttribute('data-count'))])));
    const run = await cli(['run', join(repoRoot, 'examples', 'xdp_counter.o'), '--pcap', join(repoRoot, 'examples', 'traffic.pcap')]);
    assert.equal(run.code, 0, run.stderr);
    const expected = Object.fromEntries(run.stdout.split('\n').flatMap((l) => {
      const m = /^([A-Z_]+|\d+) (\d+)$/.exec(l.trim());
      return m ? [[m[1], Number(m[2])]] : [];
    }));
    assert.ok(Object.keys(expected).length > 0, run.stdout);
    assert.deepEqual(shown, expected);
    assert.ok(await testid('run-maps').isVisible());
    await screenshot('run');
  });

  test('the JIT view shows the WebAssembly `tsbpf jit --dump` prints', async () => {
    await page.keyboard.press('Alt+5');
    await testid('jit-wat').waitFor();
    const wat = await testid('jit-wat').textContent();
    const dump = await cli(['jit', '--dump', join(repoRoot, 'examples', 'xdp_counter.o')]);
    assert.equal(dump.code, 0, dump.stderr);
    assert.equal(wat?.trimEnd(), dump.stdout.trimEnd());
    await screenshot('jit');
  });

  test('a shared link to an object restores the object and its program; an uploaded capture above the limit is left out', async () => {
    const listing = await editorText();
    await page.keyboard.press('Control+s');
    await testid('status').filter({ hasText: /not included/ }).waitFor();
    const link = page.url();
    await page.goto('about:blank');
    await page.goto(link);
    await testid('status').filter({ hasText: 'Restored' }).waitFor();
    await testid('verdict').waitFor({ state: 'attached' });
    assert.equal(await testid('kind').inputValue(), 'object');
    assert.equal(await editorText(), listing);
    assert.equal(await testid('capture-name').innerText(), 'no capture');
  });

  test('an object with several programs: the chooser lists the loader\'s programs and switches between them', async () => {
    await chooseExample('tailcall');
    await testid('program-choice').waitFor();
    const object = loadObject(new Uint8Array(await readFile(join(repoRoot, 'examples', 'tailcall.o'))), { file: 'tailcall.o' });
    const values = await testid('program').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    assert.deepEqual(values, object.programs.map((p) => p.name));
    const other = object.programs.find((p) => p.name === 'handle_udp');
    assert.ok(other);
    await testid('program').selectOption('handle_udp');
    await page.waitForFunction((n) => document.querySelector('[data-testid="program"]') instanceof HTMLSelectElement
      && document.querySelectorAll('.cm-content .cm-line').length === n, other.insns.length);
    await testid('tab-disasm').click();
    assert.equal(await testid('disasm-listing').locator('tr').count(), other.insns.length);
  });

  const typeProgram = async (text: string): Promise<void> => {
    await testid('kind').selectOption('ebpf-asm');
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(text);
  };

  test('a run that hits the instruction limit says so, with the counts so far', async () => {
    // `r0 = r5` reads a register the verifier considers uninitialised: it refuses at once (no long
    // walk of the loop), and the run goes ahead anyway, as `tsbpf run` does.
    await typeProgram('; type: socket_filter\nr0 = r5\nloop:\nr0 += 1\nif r0 < 100000000 goto loop\nexit\n');
    await waitVerdict();
    await testid('tab-run').click();
    await testid('run-engine').selectOption('jit');
    await testid('run-start').click();
    await testid('run-error').or(testid('run-message')).waitFor();
    assert.match(await testid('panel-run').innerText(), /limit/i);
    await screenshot('run-limit');
  });

  test('stop ends a long run (the worker is replaced) and the page goes on working', async () => {
    // About 900,000 instructions a packet over 1,000 packets in the interpreter: long enough to stop.
    await typeProgram('; type: socket_filter\nr0 = r5\nloop:\nr0 += 1\nif r0 < 300000 goto loop\nr0 = 0\nexit\n');
    await waitVerdict();
    await testid('tab-run').click();
    await testid('run-engine').selectOption('interp');
    await testid('run-start').click();
    await testid('run-progress').waitFor();
    await page.keyboard.press('Escape');
    await testid('run-message').filter({ hasText: 'Stopped' }).waitFor();
    // A fresh worker answers the next request.
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText('\n; edited after the stop');
    await page.waitForFunction(() => document.querySelector('[data-testid="verdict"]') !== null);
    assert.match(await waitVerdict(), /^(accepted|rejected)/);
    await testid('run-engine').selectOption('jit');
  });

  test('the debugger on a classic program: A, X and M[] as the Node debugger engine gives them, the bytes read highlighted', async () => {
    await selectExample(/Classic BPF: IPv4 TCP port 22/);
    await testid('tab-debug').click();
    await waitExecuted(0);
    for (let i = 1; i <= 2; i++) {
      await page.keyboard.press('F10');
      await waitExecuted(i);
    }
    const engine = new DebugEngine();
    assert.deepEqual(engine.loadClassic(parseClassicProgram(await editorText(), 'ssh.bpf')), []);
    assert.deepEqual(engine.loadCapture(await readFile(join(repoRoot, 'examples', 'traffic.pcap')), 'traffic.pcap'), []);
    engine.select(1);
    engine.step(2);
    const dump = engine.snapshot();
    assert.equal(dump.kind, 'classic');
    if (dump.kind !== 'classic') return;
    assert.deepEqual(await shownRegisters(), [['reg-A', String(dump.A >>> 0)], ['reg-X', String(dump.X >>> 0)], ...dump.M.map((m, i) => [`reg-M${i}`, String(m >>> 0)])]);
    // The next instruction is `ldb [23]`: one byte, at offset 23, is highlighted.
    assert.match(await testid('debug-insn').innerText(), /ldb\s+\[23\]/);
    assert.equal(await highlighted(), 1);
    assert.equal(await testid('debug-packet-hex-hl').getAttribute('data-offset'), '23');
    await screenshot('debugger-classic');
  });

  test('a filter expression shows its compiled classic program, as `tsbpf compile -d`', async () => {
    await testid('kind').selectOption('filter');
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('tcp port 22');
    await waitVerdict();   // the answer for this text, in every view
    await testid('tab-classic').click();
    const compiled = await cli(['compile', '-d', 'tcp port 22']);
    assert.equal(compiled.code, 0, compiled.stderr);
    assert.equal((await testid('classic-listing').textContent())?.trimEnd(), compiled.stdout.trimEnd());
    // Over the capture: kept and dropped as `tsbpf filter --count` counts them.
    await page.keyboard.press('F8');
    await testid('run-histogram').or(testid('run-message')).waitFor();
    const kept = await cli(['filter', 'tcp port 22', '-r', join(repoRoot, 'examples', 'traffic.pcap'), '--count']);
    assert.equal(kept.code, 0, kept.stderr);
    const total = packetCount(new Uint8Array(await readFile(join(repoRoot, 'examples', 'traffic.pcap'))));
    const shown = Object.fromEntries(await testid('run-histogram').locator('tr[data-verdict]').evaluateAll(
      (rows) => rows.map((r) => [r.getAttribute('data-verdict'), Number(r.querySelector('[data-count]')?.getAttribute('data-count'))])));
    assert.deepEqual(shown, { KEEP: Number(kept.stdout.trim()), DROP: total - Number(kept.stdout.trim()) });
  });

  test('a CO-RE object of the user\'s own is resolved against the kernel BTF: the level-2 log `tsbpf verify` prints', async () => {
    const file = join(repoRoot, 'test', 'fixtures', 'core', 'core_kinds.bpf.o');
    await testid('file-input').setInputFiles(file);
    await testid('status').filter({ hasText: 'Opened core_kinds.bpf.o' }).waitFor();
    await waitVerdict();
    await testid('tab-verifier').click();
    await testid('log-level-2').click();
    const verified = await cli(['verify', '--log-level', '2', file]);
    const expected = verified.stdout.replace(/\nverdict: .*\n?$/, '').trimEnd();
    // The relocations matter: without the kernel BTF the session's log is another one.
    const unresolved = await verifyInput({ kind: 'object', bytes: new Uint8Array(await readFile(file)), name: 'core_kinds.bpf.o' });
    assert.notEqual(unresolved.log2.trimEnd(), expected);
    assert.equal((await testid('verifier-log').textContent())?.trimEnd(), expected);
  });

  test('malformed files: a message in words in the panel concerned, never a blank page', async () => {
    // Dropped on the page, as a user would drag it from a file manager.
    const dataTransfer = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['\x7fELF this is not an object'], 'broken.o', { type: 'application/octet-stream' }));
      return dt;
    });
    await page.locator('body').dispatchEvent('drop', { dataTransfer });
    await testid('diagnostic').first().waitFor();
    assert.match(await testid('diagnostic').first().innerText(), /\S/);
    await testid('tab-verifier').click();
    assert.match(await testid('verifier-message').innerText(), /could not|ELF|object|truncated|section/i);
    await screenshot('malformed-object');
    // A damaged capture with a good program: the run panel says what is wrong.
    await chooseExample('xdp_counter');
    await testid('verdict').waitFor({ state: 'attached' });
    await testid('file-input').setInputFiles({ name: 'broken.pcap', mimeType: 'application/octet-stream', buffer: Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 1, 2, 3]) });
    await testid('capture-name').filter({ hasText: 'broken.pcap' }).waitFor();
    await page.keyboard.press('F8');
    await testid('run-message').or(testid('run-error')).waitFor();
    assert.match(await testid('panel-run').innerText(), /capture|pcap|offset|truncated|header/i);
  });

  test('usable by keyboard: Tab leaves the editor, Alt+digit picks a view, arrow keys move along the tabs', async () => {
    await page.locator('.cm-content').click();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.closest('.cm-editor') !== null), false, 'Tab stays in the editor');
    await page.keyboard.press('Alt+3');
    assert.equal(await testid('tab-debug').getAttribute('aria-selected'), 'true');
    assert.ok(await testid('panel-debug').isVisible());
    await testid('tab-debug').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await testid('tab-run').getAttribute('aria-selected'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'tab-run');
    assert.match(await testid('shortcuts').innerText(), /F10.*step.*Shift\+F10.*F5/s);
  });

  test('a narrow screen (400 px): the panels stack and nothing overflows sideways', async () => {
    await page.setViewportSize({ width: 400, height: 800 });
    const editor = await testid('editor').boundingBox();
    const views = await page.locator('section.views').boundingBox();
    assert.ok(editor && views && views.y >= editor.y + editor.height - 1, 'views below the editor');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    await screenshot('narrow');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test('no script errors on the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});

/** How many packets a capture holds, as the core's reader counts them. */
function packetCount(bytes: Uint8Array): number {
  const reader = new CaptureReader();
  reader.push(bytes);
  reader.end();
  let n = 0;
  while (reader.nextPacket()) n++;
  return n;
}

/** The captured length of the first packet of a capture, as the core's reader gives it. */
function firstPacketLength(bytes: Uint8Array): number {
  const reader = new CaptureReader();
  reader.push(bytes);
  reader.end();
  const packet = reader.nextPacket();
  assert.ok(packet);
  return packet.data.length;
}
