/**
 * The playground's controller: holds what the user chose (input, object, program, capture, options,
 * breakpoints, debugger position), asks the worker session for every answer, and hands the answers
 * to the views. Every request carries the whole input, so the worker holds nothing the page cannot
 * resend; answers to an input that has since changed are dropped (the generation counter).
 */
import type { Language } from '@codemirror/language';
import type {
  AnalyzeResult, Capture, DebugRequest, DebugSnapshot, EngineName, Example, InputKind, Options, ProgramInput, ShareState, VerifyResult,
} from '../session/api.js';
import { SHARE_CAPTURE_LIMIT } from '../session/api.js';
import { fetchExample, fetchKernelBtf } from './assets.js';
import { type SessionClient, SessionCallError } from './client.js';
import { byTestId, fill, h } from './dom.js';
import { type EditorDiagnostic, SourceEditor } from './editor.js';
import { classifyFile, readDroppedFile } from './files.js';
import { classicAsm, ebpfAsm, pcapFilter } from './languages.js';
import { Tabs, VIEWS, type ViewName } from './tabs.js';
import { renderClassic } from './views/classic.js';
import { DebuggerView } from './views/debugger.js';
import { DisasmView } from './views/disasm.js';
import { renderJit } from './views/jit.js';
import type { ListingRow } from './views/listing.js';
import { RunView } from './views/run.js';
import { VerifierView } from './views/verifier.js';

/** Program types the page offers as an override (the ones src/progtypes models). */
const PROG_TYPES = ['socket_filter', 'xdp', 'sched_cls', 'sched_act', 'kprobe', 'tracepoint', 'raw_tracepoint', 'perf_event'];
const LANGUAGES: Record<Exclude<InputKind, 'object'>, Language> = { 'ebpf-asm': ebpfAsm, 'classic-asm': classicAsm, filter: pcapFilter };
const ANALYZE_DELAY_MS = 250;

interface LoadedObject { name: string; bytes: Uint8Array; example?: string }
interface LoadedCapture extends Capture { example?: string }

function describe(e: unknown): string {
  if (e instanceof SessionCallError) {
    const i = e.info;
    const where = [i.line !== undefined ? `line ${i.line}${i.column !== undefined ? `, column ${i.column}` : ''}` : '',
      i.pc !== undefined ? `instruction ${i.pc}` : '', i.offset !== undefined ? `byte offset ${i.offset}` : ''].filter(Boolean).join(', ');
    return where && !i.message.includes(where) ? `${i.message} (${where})` : i.message;
  }
  return e instanceof Error ? e.message : String(e);
}

export class App {
  private readonly client: SessionClient;
  private readonly editor: SourceEditor;
  private readonly tabs = new Tabs();
  private readonly verifierView: VerifierView;
  private readonly disasmView: DisasmView;
  private readonly debuggerView: DebuggerView;
  private readonly runView: RunView;

  private kind: InputKind = 'ebpf-asm';
  /** The text of the last text input, kept while an object is shown. */
  private lastText = '';
  private object: LoadedObject | undefined;
  private program: string | undefined;
  private capture: LoadedCapture | undefined;
  private progType = '';
  private linkType: string | number | undefined;

  private analysis: AnalyzeResult | undefined;
  private verification: VerifyResult | undefined;
  private pcToLine = new Map<number, number>();
  private lineToPc = new Map<number, number>();
  private breakpoints = new Set<number>();
  private debugPacket = 1;
  private snapshot: DebugSnapshot | undefined;
  private jitFresh = false;
  private examples: Example[] = [];
  /** Linux 6.18's BTF, for the user's own objects (CO-RE relocations, __ksym externs), once fetched. */
  private kernelBtf: Uint8Array | undefined;
  private kernelBtfLoading: Promise<void> | undefined;

  private generation = 0;
  private analyzeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(client: SessionClient) {
    this.client = client;
    this.editor = new SourceEditor(byTestId('editor'), {
      onChange: (text) => { this.lastText = text; this.verifierView.markStale(); this.scheduleRefresh(); },
      onBreakpoints: (lines) => this.breakpointsFromEditor(lines),
      hoverText: (line) => {
        const pc = this.lineToPc.get(line);
        const state = pc === undefined ? undefined : this.verification?.states[pc];
        return state ? `verifier state at instruction ${pc}:\n${state}` : undefined;
      },
    });
    this.verifierView = new VerifierView(this.tabs.panel('verifier'));
    this.disasmView = new DisasmView(this.tabs.panel('disasm'));
    this.verifierView.onSelectPc = this.disasmView.onSelectPc = (pc) => this.revealPc(pc);
    this.debuggerView = new DebuggerView(this.tabs.panel('debug'), {
      start: () => void this.debug({ kind: 'start' }),
      step: (n) => void this.debug({ kind: 'step', n }),
      continueRun: () => void this.debug({ kind: 'continue' }),
      selectPacket: (n) => { this.debugPacket = Math.max(1, Math.floor(n) || 1); void this.debug({ kind: 'start' }); },
      setContext: () => void this.debug({ kind: 'start' }),
      toggleBreakpoint: (pc) => this.toggleBreakpointPc(pc),
      selectPc: (pc) => this.revealPc(pc),
    });
    this.runView = new RunView(this.tabs.panel('run'), { run: (engine) => void this.runCapture(engine), stop: () => this.stop() });
    renderClassic(this.tabs.panel('classic'), undefined, undefined);
    renderJit(this.tabs.panel('jit'), { result: { note: 'Write or open an eBPF program to see the WebAssembly the JIT makes of it.' } });
    this.tabs.onShow = (view) => {
      if (view === 'jit' && !this.jitFresh) void this.loadJit();
      this.markInstructions();
    };
    client.onBusyChange = (busy) => { document.body.dataset.busy = String(busy); };
    this.wireToolbar();
    this.wireKeyboard();
    this.wireDrop();
  }

  /** Loads the examples menu, then the state of the URL fragment (a shared link) or the first example. */
  async start(): Promise<void> {
    try {
      this.examples = await this.client.call('examples', {});
      this.fillExamples();
    } catch (e) {
      this.status(`The examples could not be loaded: ${describe(e)}`, true);
    }
    const fragment = location.hash.slice(1);
    if (fragment) {
      try {
        await this.restore(await this.client.call('decodeState', { fragment }));
        this.status('Restored from the shared link.');
        return;
      } catch (e) {
        this.status(`This shared link cannot be opened: ${describe(e)}`, true);
        this.verifierView.render({ status: 'failed', message: `This shared link cannot be opened: ${describe(e)}` });
        return;
      }
    }
    const first = this.examples.find((x) => x.input.kind === 'ebpf-asm') ?? this.examples[0];
    if (first) await this.loadExample(first);
    else this.setText('ebpf-asm', '; type: socket_filter\nr0 = 0\nexit\n');
  }

  // --- input --------------------------------------------------------------------------------------

  private input(): ProgramInput {
    if (this.kind === 'object') {
      const o = this.object;
      return { kind: 'object', bytes: o?.bytes ?? new Uint8Array(), name: o?.name, program: this.program };
    }
    if (this.kind === 'filter') return { kind: 'filter', text: this.editor.text, linkType: this.linkType };
    return { kind: this.kind, text: this.editor.text };
  }

  private options(): Options {
    const options = this.shareOptions();
    // The user's own objects are resolved against the kernel's BTF, as `tsbpf verify/run` do.
    if (this.kind === 'object' && this.object && !this.object.example && this.kernelBtf) options.kernelBtf = this.kernelBtf;
    return options;
  }

  /** The options a link carries (never the kernel BTF: the page fetches that itself). */
  private shareOptions(): Options {
    return this.progType ? { progType: this.progType } : {};
  }

  /** Fetches and unpacks the kernel BTF (1.7 MB gzip) the first time a user's object needs it. */
  private loadKernelBtf(): Promise<void> {
    this.kernelBtfLoading ??= (async () => {
      this.status('Fetching the Linux 6.18 BTF for CO-RE relocations…');
      try {
        this.kernelBtf = await fetchKernelBtf();
      } catch (e) {
        this.kernelBtfLoading = undefined;
        this.status(`The kernel BTF could not be loaded (${describe(e)}): CO-RE relocations stay unapplied.`, true);
      }
    })();
    return this.kernelBtfLoading;
  }

  /** Shows a text input (asm, classic, filter) in the editor. */
  private setText(kind: Exclude<InputKind, 'object'>, text: string): void {
    this.kind = kind;
    this.object = undefined;
    this.program = undefined;
    this.lastText = text;
    byTestId<HTMLSelectElement>('kind').value = kind;
    this.editor.load(text, LANGUAGES[kind], false);
    this.breakpoints.clear();
    this.refreshNow();
  }

  private setObject(object: LoadedObject, program?: string): void {
    this.kind = 'object';
    this.object = object;
    this.program = program;
    byTestId<HTMLSelectElement>('kind').value = 'object';
    this.editor.load(`; ${object.name}: reading the object…\n`, ebpfAsm, true);
    this.breakpoints.clear();
    this.refreshNow();
  }

  private setCapture(capture: LoadedCapture | undefined): void {
    this.capture = capture;
    this.debugPacket = 1;
    const name = capture ? `${capture.name} (${capture.bytes.length} bytes)` : 'no capture';
    byTestId('capture-name').textContent = name;
    this.runView.setCapture(capture?.name ?? '');
    this.runView.render(capture
      ? { status: 'idle', message: `Ready to run over ${capture.name}.` }
      : { status: 'idle', message: 'Open a capture (the Example menu has one) and run the program over it.' });
    if (this.analysis?.ok) void this.debug({ kind: 'start' });
  }

  private async loadExample(ex: Example): Promise<void> {
    try {
      if (ex.capture) {
        const name = ex.capture;
        this.setCapture({ name, bytes: await fetchExample(name), example: name });
      }
      if (ex.input.kind === 'object') {
        const file = ex.input.file;
        this.setObject({ name: file, bytes: await fetchExample(file), example: file }, ex.input.program);
      } else {
        this.setText(ex.input.kind, ex.input.text);
      }
      this.status(`Example: ${ex.title}`);
    } catch (e) {
      this.status(`The example ${ex.title} could not be loaded: ${describe(e)}`, true);
    }
  }

  private async openFiles(files: readonly File[]): Promise<void> {
    for (const file of files) {
      const { name, bytes } = await readDroppedFile(file);
      const kind = classifyFile(name, bytes);
      if (kind === 'object') {
        await this.loadKernelBtf();
        this.setObject({ name, bytes });
        this.status(`Opened ${name}.`);
      }
      else if (kind === 'capture') { this.setCapture({ name, bytes }); this.status(`Opened ${name}.`); }
      else this.status(`${name} is neither a clang object (.o, ELF) nor a pcap/pcapng capture.`, true);
    }
  }

  // --- analysis, verification ---------------------------------------------------------------------

  private scheduleRefresh(): void {
    clearTimeout(this.analyzeTimer);
    this.analyzeTimer = setTimeout(() => this.refreshNow(), ANALYZE_DELAY_MS);
  }

  private refreshNow(): void {
    clearTimeout(this.analyzeTimer);
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    const generation = ++this.generation;
    const current = (): boolean => generation === this.generation;
    const input = this.input();
    const options = this.options();
    this.jitFresh = false;
    this.verification = undefined;
    this.verifierView.render({ status: 'busy' });
    let analysis: AnalyzeResult;
    try {
      analysis = await this.client.call('analyze', { input, options });
    } catch (e) {
      if (!current()) return;
      this.showInputFailure(`The program could not be read: ${describe(e)}`);
      return;
    }
    if (!current()) return;
    this.analysis = analysis;
    this.showAnalysis(analysis);
    if (!analysis.ok) {
      const words = analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message).join('\n') || 'The input has errors.';
      this.showInputFailure(words, analysis);
      return;
    }
    try {
      const result = await this.client.call('verify', { input, options });
      if (!current()) return;
      this.verification = result;
      this.verifierView.render({ status: 'done', result, analysis });
      this.markInstructions();
    } catch (e) {
      if (!current()) return;
      this.verifierView.render({ status: 'failed', message: `The verifier could not run: ${describe(e)}` });
    }
    if (this.tabs.current === 'jit') void this.loadJit();
    await this.debug({ kind: 'start' });
  }

  /** The input cannot be analysed: say why in every panel that depends on it. */
  private showInputFailure(message: string, analysis?: AnalyzeResult): void {
    this.analysis = analysis;
    this.snapshot = undefined;
    this.verifierView.render({ status: 'failed', message });
    this.disasmView.show(analysis, message);
    this.debuggerView.setProgram([]);
    this.debuggerView.render({ status: 'failed', message });
    renderClassic(this.tabs.panel('classic'), undefined, message);
    renderJit(this.tabs.panel('jit'), { error: message });
    this.jitFresh = true;
    if (!analysis) {
      if (this.kind === 'object') this.editor.load(`; ${this.object?.name ?? 'the object'} could not be read:\n; ${message}\n`, ebpfAsm, true);
      this.showDiagnostics([{ message }]);
    }
  }

  private showAnalysis(a: AnalyzeResult): void {
    this.showDiagnostics(a.diagnostics.map((d) => ({ message: d.message, line: d.line, column: d.column, severity: d.severity })));
    this.fillPrograms(a);
    if (this.kind === 'object' && !a.ok) {
      const why = a.diagnostics.map((d) => `; ${d.message}`).join('\n') || '; the object could not be read';
      this.editor.load(`; ${this.object?.name ?? 'the object'} could not be read:\n${why}\n`, ebpfAsm, true);
    }
    if (this.kind === 'object' && a.ok) {
      // An object has no source here: the editor shows its disassembly, one instruction a line.
      this.editor.load(a.disasm.map((d) => `${String(d.pc).padStart(4)}: ${d.llvm}`).join('\n'), ebpfAsm, true);
      this.pcToLine = new Map(a.disasm.map((d, i) => [d.pc, i + 1]));
    } else {
      const lines = a.flavor === 'ebpf' ? a.disasm : a.classic;
      this.pcToLine = new Map(lines.flatMap((d) => (d.line === undefined ? [] : [[d.pc, d.line] as const])));
    }
    this.lineToPc = new Map([...this.pcToLine].map(([pc, line]) => [line, pc]));
    this.breakpointsFromEditor(this.editor.breakpointLines());
    this.disasmView.show(a);
    renderClassic(this.tabs.panel('classic'), a, undefined);
    const rows: ListingRow[] = a.flavor === 'ebpf'
      ? a.disasm.map((d) => ({ pc: d.pc, text: d.llvm }))
      : a.classic.map((c) => ({ pc: c.pc, text: c.text.replace(/^\(\d+\)\s*/, '') }));
    this.debuggerView.setProgram(rows);
    const progType = byTestId<HTMLSelectElement>('progtype');
    progType.options[0]!.text = `auto (${a.progType})`;
  }

  private showDiagnostics(list: EditorDiagnostic[]): void {
    // An object's listing is not what the diagnostics' lines refer to: the list below says it all.
    this.editor.setDiagnostics(this.kind === 'object' ? [] : list);
    fill(byTestId('diagnostics'), ...list.map((d) =>
      h('p', { class: `note note-${d.severity === 'warning' ? 'info' : 'error'}`, 'data-testid': 'diagnostic', 'data-line': d.line },
        d.line !== undefined && !d.message.startsWith('line ') ? `line ${d.line}${d.column !== undefined ? `, column ${d.column}` : ''}: ${d.message}` : d.message)));
  }

  private fillPrograms(a: AnalyzeResult): void {
    const choice = byTestId('program-choice');
    const select = byTestId<HTMLSelectElement>('program');
    choice.hidden = a.programs.length < 2;
    fill(select, ...a.programs.map((p) => h('option', { value: p.name, selected: p.name === a.selected }, `${p.name} (${p.section}, ${p.slots} insns)`)));
  }

  private async loadJit(): Promise<void> {
    const generation = this.generation;
    this.jitFresh = true;
    if (!this.analysis?.ok) return;
    renderJit(this.tabs.panel('jit'), { busy: true });
    try {
      const result = await this.client.call('jitWat', { input: this.input(), options: this.options() });
      if (generation === this.generation) renderJit(this.tabs.panel('jit'), { result });
    } catch (e) {
      if (generation === this.generation) renderJit(this.tabs.panel('jit'), { error: `The JIT could not run: ${describe(e)}` });
    }
  }

  // --- debugger -----------------------------------------------------------------------------------

  private async debug(action: DebugRequest['action']): Promise<void> {
    if (!this.analysis?.ok) return;
    const generation = this.generation;
    const request: DebugRequest = {
      input: this.input(), options: this.options(), capture: this.capture, packet: this.debugPacket, context: this.debuggerView.context,
      breakpoints: [...this.breakpoints].sort((a, b) => a - b),
      executed: action.kind === 'start' ? 0 : this.snapshot?.executed ?? 0, action,
    };
    try {
      const snapshot = await this.client.call('debug', request);
      if (generation !== this.generation) return;
      this.snapshot = snapshot;
      this.debuggerView.render({ status: 'stopped', snapshot }, this.breakpoints);
      this.markInstructions();
    } catch (e) {
      if (generation !== this.generation || (e instanceof SessionCallError && e.stopped)) return;
      this.snapshot = undefined;
      this.debuggerView.render({ status: 'failed', message: `The debugger stopped: ${describe(e)}` });
    }
  }

  /**
   * Marks the verifier's failing instruction and the debugger's current one in the editor and the
   * disassembly. The debugger's position shows once it has moved or while its view is open, so a
   * debugger at rest on instruction 0 does not compete with the verifier's verdict.
   */
  private markInstructions(): void {
    const v = this.verification;
    const errorPc = v && !v.accepted && v.errorPc >= 0 ? v.errorPc : undefined;
    const s = this.snapshot;
    const current = s && !s.finished && (s.executed > 0 || this.tabs.current === 'debug') ? s.pc : undefined;
    this.disasmView.mark(errorPc, current);
    const errorLine = errorPc === undefined ? undefined : v?.errorLine ?? this.pcToLine.get(errorPc);
    const currentLine = current === undefined ? undefined : s?.line ?? this.pcToLine.get(current);
    this.editor.markLines(errorLine, currentLine);
  }

  private breakpointsFromEditor(lines: number[]): void {
    // Breakpoints on pcs with no source line (filters) stay; those with a line follow the gutter.
    const unlinked = [...this.breakpoints].filter((pc) => !this.pcToLine.has(pc));
    const linked = lines.flatMap((l) => { const pc = this.lineToPc.get(l); return pc === undefined ? [] : [pc]; });
    this.breakpoints = new Set([...unlinked, ...linked]);
    if (this.snapshot) this.debuggerView.render({ status: 'stopped', snapshot: this.snapshot }, this.breakpoints);
  }

  private toggleBreakpointPc(pc: number): void {
    const line = this.pcToLine.get(pc);
    if (line !== undefined) { this.editor.toggleBreakpointAt(line); return; }
    if (!this.breakpoints.delete(pc)) this.breakpoints.add(pc);
    if (this.snapshot) this.debuggerView.render({ status: 'stopped', snapshot: this.snapshot }, this.breakpoints);
  }

  /** Shows instruction `pc` in the editor (its source line, or its line in an object's listing). */
  private revealPc(pc: number): void {
    const line = this.pcToLine.get(pc);
    if (line === undefined) return;
    const pos = this.editor.view.state.doc.line(line).from;
    this.editor.view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
  }

  // --- run over the capture -----------------------------------------------------------------------

  private async runCapture(engine: EngineName): Promise<void> {
    this.tabs.show('run');
    if (!this.capture) { this.runView.render({ status: 'failed', message: 'Open a capture first: drop a pcap/pcapng on the page, pick one, or choose the bundled example capture.' }); return; }
    if (!this.analysis?.ok) { this.runView.render({ status: 'failed', message: 'The program has errors; fix them before running it (see the verifier panel).' }); return; }
    this.runView.render({ status: 'running', fraction: 0 });
    try {
      const result = await this.client.call('runCapture', { input: this.input(), options: { ...this.options(), engine }, capture: this.capture },
        (fraction) => this.runView.render({ status: 'running', fraction }));
      this.runView.render({ status: 'done', result });
    } catch (e) {
      if (e instanceof SessionCallError && e.stopped) this.runView.render({ status: 'stopped' });
      else this.runView.render({ status: 'failed', message: `The run failed: ${describe(e)}` });
    }
  }

  private stop(): void {
    if (!this.client.busy) return;
    this.client.stop();
    this.status('Stopped; the worker was restarted.');
    // Whatever else was in flight was cancelled with the run: ask again.
    if (!this.verification) this.refreshNow();
  }

  // --- sharing ------------------------------------------------------------------------------------

  private shareState(): ShareState {
    const state: ShareState = { kind: this.kind, options: this.shareOptions(), packet: this.debugPacket, view: this.tabs.current };
    if (this.kind === 'object' && this.object) {
      if (this.object.example) state.exampleObject = this.object.example;
      else { state.objectName = this.object.name; state.objectBytes = this.object.bytes; }
      if (this.program ?? this.analysis?.selected) state.program = this.program ?? this.analysis?.selected;
    } else {
      state.text = this.editor.text;
      if (this.linkType !== undefined) state.linkType = this.linkType;
    }
    if (this.capture?.example) state.exampleCapture = this.capture.example;
    else if (this.capture && this.capture.bytes.length <= SHARE_CAPTURE_LIMIT) state.capture = { name: this.capture.name, bytes: this.capture.bytes };
    return state;
  }

  private async share(): Promise<void> {
    try {
      const fragment = await this.client.call('encodeState', { state: this.shareState() });
      history.replaceState(null, '', `#${fragment}`);
      const link = location.href;
      byTestId('share').dataset.link = link;
      let copied = false;
      try { await navigator.clipboard.writeText(link); copied = true; } catch { /* no clipboard permission: the address bar has it */ }
      const dropped = this.capture && !this.capture.example && this.capture.bytes.length > SHARE_CAPTURE_LIMIT
        ? ` (the capture is larger than ${SHARE_CAPTURE_LIMIT / 1024} KiB and is not included)` : '';
      this.status(`${copied ? 'Link copied' : 'Link is in the address bar'}${dropped}.`);
    } catch (e) {
      this.status(`The link could not be made: ${describe(e)}`, true);
    }
  }

  private async restore(state: ShareState): Promise<void> {
    this.progType = state.options?.progType ?? '';
    byTestId<HTMLSelectElement>('progtype').value = this.progType;
    this.linkType = state.linkType;
    this.debugPacket = state.packet ?? 1;
    if (state.exampleCapture) this.setCapture({ name: state.exampleCapture, bytes: await fetchExample(state.exampleCapture), example: state.exampleCapture });
    else if (state.capture) this.setCapture(state.capture);
    this.debugPacket = state.packet ?? 1;
    if (state.kind === 'object') {
      if (state.exampleObject) this.setObject({ name: state.exampleObject, bytes: await fetchExample(state.exampleObject), example: state.exampleObject }, state.program);
      else if (state.objectBytes) {
        await this.loadKernelBtf();
        this.setObject({ name: state.objectName ?? 'object.o', bytes: state.objectBytes }, state.program);
      }
      else throw new SessionCallError({ message: 'the link names an object but does not contain it' });
    } else {
      this.setText(state.kind, state.text ?? '');
    }
    const view = VIEWS.find((v) => v === state.view);
    if (view) this.tabs.show(view);
  }

  // --- page wiring --------------------------------------------------------------------------------

  private status(text: string, error = false): void {
    const el = byTestId('status');
    el.textContent = text;
    el.dataset.seq = String(Number(el.dataset.seq ?? 0) + 1);   // lets a watcher tell a new message from the same one
    el.classList.toggle('note-error', error);
  }

  private fillExamples(): void {
    const select = byTestId<HTMLSelectElement>('examples');
    const groups: Record<string, string> = { 'ebpf-asm': 'eBPF assembly', 'classic-asm': 'classic bpf_asm', filter: 'filter expressions', object: 'clang objects' };
    for (const [kind, label] of Object.entries(groups)) {
      const items = this.examples.filter((x) => x.input.kind === kind);
      if (items.length) select.append(h('optgroup', { label }, ...items.map((x) => h('option', { value: x.id, title: x.description }, x.title))));
    }
    select.addEventListener('change', () => {
      const ex = this.examples.find((x) => x.id === select.value);
      // A menu: back to "choose…", so choosing the same example again reloads it.
      select.value = '';
      if (ex) void this.loadExample(ex);
    });
  }

  private wireToolbar(): void {
    const kind = byTestId<HTMLSelectElement>('kind');
    kind.addEventListener('change', () => {
      const next = kind.value as InputKind;
      if (next === 'object') return;
      if (this.kind === 'object') this.setText(next, this.lastText);
      else { this.kind = next; this.setText(next, this.editor.text); }
    });
    const progType = byTestId<HTMLSelectElement>('progtype');
    for (const t of PROG_TYPES) progType.append(h('option', { value: t }, t));
    progType.addEventListener('change', () => { this.progType = progType.value; this.refreshNow(); });
    byTestId<HTMLSelectElement>('program').addEventListener('change', (ev) => {
      this.program = (ev.target as HTMLSelectElement).value;
      this.breakpoints.clear();
      this.refreshNow();
    });
    const fileInput = byTestId<HTMLInputElement>('file-input');
    fileInput.addEventListener('change', () => { void this.openFiles([...(fileInput.files ?? [])]); fileInput.value = ''; });
    byTestId('open-file-label').addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); fileInput.click(); }
    });
    byTestId('share').addEventListener('click', () => void this.share());
  }

  private wireKeyboard(): void {
    document.addEventListener('keydown', (ev) => {
      const act = (f: () => void): void => { ev.preventDefault(); f(); };
      if (ev.key === 'F10') act(() => { this.tabs.show('debug'); void this.debug({ kind: 'step', n: ev.shiftKey ? -1 : 1 }); });
      else if (ev.key === 'F5') act(() => { this.tabs.show('debug'); void this.debug({ kind: 'continue' }); });
      else if (ev.key === 'F8') act(() => void this.runCapture(this.runEngine()));
      else if (ev.key === 'Escape' && this.client.busy) act(() => this.stop());
      else if ((ev.ctrlKey || ev.metaKey) && ev.key === 's') act(() => void this.share());
      else if (ev.altKey && /^[1-6]$/.test(ev.key)) act(() => this.tabs.show(VIEWS[Number(ev.key) - 1] as ViewName));
    });
  }

  private runEngine(): EngineName {
    return document.querySelector<HTMLSelectElement>('[data-testid="run-engine"]')?.value === 'interp' ? 'interp' : 'jit';
  }

  private wireDrop(): void {
    let depth = 0;
    const body = document.body;
    body.addEventListener('dragenter', (ev) => { ev.preventDefault(); depth++; body.classList.add('dragging'); });
    body.addEventListener('dragleave', () => { if (--depth <= 0) { depth = 0; body.classList.remove('dragging'); } });
    body.addEventListener('dragover', (ev) => ev.preventDefault());
    body.addEventListener('drop', (ev) => {
      ev.preventDefault();
      depth = 0;
      body.classList.remove('dragging');
      void this.openFiles([...(ev.dataTransfer?.files ?? [])]);
    });
  }
}
