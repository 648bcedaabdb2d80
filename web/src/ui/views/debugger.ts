/**
 * The debugger view: controls (step, step back, run to breakpoint, restart, packet number), the
 * program with breakpoint toggles and the current instruction, registers (r0–r10, or A/X/M[] for
 * classic programs), the stack, and the packet with the bytes the current instruction reads
 * highlighted.
 */
import type { DebugRequest, DebugSnapshot } from '../../session/api.js';

export type DebugContext = NonNullable<DebugRequest['context']>;
import { fill, h, note } from '../dom.js';
import { hexDump } from '../hexdump.js';
import { listing, type ListingRow } from './listing.js';

export interface DebuggerActions {
  start: () => void;
  step: (n: number) => void;
  continueRun: () => void;
  selectPacket: (n: number) => void;
  /** How an eBPF program sees the packet (see DebugRequest.context). */
  setContext: (context: DebugContext) => void;
  toggleBreakpoint: (pc: number) => void;
  selectPc: (pc: number) => void;
}

export type DebuggerShown =
  | { status: 'idle'; message: string }
  | { status: 'busy' }
  | { status: 'failed'; message: string }
  | { status: 'stopped'; snapshot: DebugSnapshot };

export class DebuggerView {
  private readonly panel: HTMLElement;
  private readonly actions: DebuggerActions;
  private rows: readonly ListingRow[] = [];

  constructor(panel: HTMLElement, actions: DebuggerActions) {
    this.panel = panel;
    this.actions = actions;
    this.render({ status: 'idle', message: 'Write or open a program, then start the debugger.' });
  }

  setProgram(rows: readonly ListingRow[]): void {
    this.rows = rows;
  }

  context: DebugContext = 'program-type';

  render(shown: DebuggerShown, breakpoints: ReadonlySet<number> = new Set()): void {
    const a = this.actions;
    const context = h('select', { 'aria-label': 'how an eBPF program sees the packet', 'data-testid': 'debug-context' },
      h('option', { value: 'program-type', selected: this.context === 'program-type' }, 'r1 = context (as tsbpf run)'),
      h('option', { value: 'packet', selected: this.context === 'packet' }, 'r1 = packet, r2 = length (as tsbpf dbg)'));
    context.addEventListener('change', () => {
      this.context = context.value === 'packet' ? 'packet' : 'program-type';
      a.setContext(this.context);
    });
    const snap = shown.status === 'stopped' ? shown.snapshot : undefined;
    const packetInput = h('input', {
      type: 'number', min: 1, max: Math.max(snap?.packetCount ?? 1, 1), value: Math.max(snap?.packetIndex ?? 1, 1),
      'aria-label': 'packet number', 'data-testid': 'debug-packet', style: 'width: 6em',
    });
    packetInput.addEventListener('change', () => a.selectPacket(Number(packetInput.value)));
    const controls = h('div', { class: 'controls', role: 'toolbar', 'aria-label': 'debugger' },
      h('button', { 'data-testid': 'debug-start', onclick: () => a.start(), title: 'restart this packet' }, 'Restart'),
      h('button', { 'data-testid': 'debug-back', onclick: () => a.step(-1), title: 'Shift+F10', disabled: !snap || snap.executed === 0 }, '◀ Back (Shift+F10)'),
      h('button', { 'data-testid': 'debug-step', onclick: () => a.step(1), title: 'F10', disabled: !snap || snap.finished }, 'Step (F10) ▶'),
      h('button', { 'data-testid': 'debug-continue', onclick: () => a.continueRun(), title: 'F5', disabled: !snap || snap.finished }, 'Run to breakpoint (F5)'),
      h('label', {}, 'Packet ', packetInput, snap ? ` of ${snap.packetCount || 'none (a zero packet)'}` : ''),
      snap?.flavor === 'classic' ? null : h('label', {}, 'eBPF ', context));
    if (shown.status !== 'stopped') {
      const msg = shown.status === 'busy' ? note('working', 'busy') : note(shown.message, shown.status === 'failed' ? 'error' : 'info', 'debug-message');
      fill(this.panel, controls, msg);
      return;
    }
    const s = shown.snapshot;
    const status = s.finished
      ? `finished after ${s.executed} instructions${s.returnValue !== undefined ? ` — returned ${s.returnValue} (0x${(s.returnValue >>> 0).toString(16)})` : ''}`
      : `at instruction ${s.pc}${s.line !== undefined ? ` (line ${s.line})` : ''} · ${s.executed} executed`;
    fill(this.panel, controls,
      h('p', { 'data-testid': 'debug-status', 'data-pc': s.pc, 'data-executed': s.executed }, status),
      h('pre', { 'data-testid': 'debug-insn' }, s.insn),
      s.error ? note(s.error.message, 'error', 'debug-error') : null,
      ...s.messages.map((m) => note(m, 'info')),
      h('h2', {}, 'Registers'), registers(s),
      this.rows.length ? h('h2', {}, 'Program (toggle breakpoints here or in the editor gutter)') : null,
      this.rows.length ? listing(this.rows, {
        testid: 'debug-listing', currentPc: s.finished ? undefined : s.pc, breakpoints,
        onToggleBreakpoint: a.toggleBreakpoint, onSelect: a.selectPc,
      }) : null,
      h('h2', {}, `Packet ${s.packetIndex || '(zero packet)'}: ${s.packet.length} bytes${s.reads ? ` — the instruction reads bytes ${s.reads.start}…${s.reads.end - 1}` : ''}`),
      hexDump(s.packet, s.reads ? { start: s.reads.start, length: s.reads.end - s.reads.start } : undefined, 'debug-packet-hex'),
      s.stack ? h('h2', {}, 'Stack (rows by offset from r10)') : null,
      s.stack ? stackDump(s.stack) : null);
  }
}

function registers(s: DebugSnapshot): HTMLElement {
  const grid = h('div', { class: 'regs', 'data-testid': 'debug-regs' });
  if (s.regs) {
    s.regs.forEach((v, i) => {
      const signed = BigInt.asIntN(64, v);
      grid.append(h('div', { 'data-testid': `reg-r${i}`, 'data-value': v.toString() },
        `r${i}`.padEnd(4), `0x${v.toString(16).padStart(16, '0')}`, signed > -100000n && signed < 100000n ? ` (${signed})` : ''));
    });
    return grid;
  }
  const reg = (name: string, v: number, testid: string): HTMLElement =>
    h('div', { 'data-testid': testid, 'data-value': String(v >>> 0) }, name.padEnd(6), `0x${(v >>> 0).toString(16).padStart(8, '0')} (${v >>> 0})`);
  grid.append(reg('A', s.A ?? 0, 'reg-A'), reg('X', s.X ?? 0, 'reg-X'));
  (s.M ?? []).forEach((v, i) => grid.append(reg(`M[${i}]`, v, `reg-M${i}`)));
  return grid;
}

/** The 512-byte frame from its lowest used row up to r10; rows labelled `fp-N`. */
function stackDump(stack: Uint8Array): HTMLElement {
  const first = stack.findIndex((b) => b !== 0);
  if (first < 0) return note('all 512 bytes are zero', 'info', 'debug-stack');
  return hexDump(stack, undefined, 'debug-stack', (o) => `fp-${String(stack.length - o).padStart(3, ' ')}`, first);
}
