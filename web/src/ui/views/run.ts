/**
 * The run view: the program over the whole capture in the worker (interpreter or JIT), with a
 * progress bar and a stop button; then the verdict histogram, the trace output and the maps.
 */
import type { EngineName, RunResult } from '../../session/api.js';
import { fill, h, note } from '../dom.js';

export interface RunActions {
  run: (engine: EngineName) => void;
  stop: () => void;
}

export type RunShown =
  | { status: 'idle'; message: string }
  | { status: 'running'; fraction: number }
  | { status: 'failed'; message: string }
  | { status: 'stopped' }
  | { status: 'done'; result: RunResult };

export class RunView {
  private readonly panel: HTMLElement;
  private readonly actions: RunActions;
  private engine: EngineName = 'jit';
  private captureName = '';

  constructor(panel: HTMLElement, actions: RunActions) {
    this.panel = panel;
    this.actions = actions;
    this.render({ status: 'idle', message: 'Open a capture (the Example menu has one) and run the program over it.' });
  }

  setCapture(name: string): void {
    this.captureName = name;
  }

  render(shown: RunShown): void {
    const engine = h('select', { 'aria-label': 'engine', 'data-testid': 'run-engine' },
      h('option', { value: 'jit', selected: this.engine === 'jit' }, 'JIT (WebAssembly)'),
      h('option', { value: 'interp', selected: this.engine === 'interp' }, 'interpreter'));
    engine.addEventListener('change', () => { this.engine = engine.value === 'interp' ? 'interp' : 'jit'; });
    const running = shown.status === 'running';
    const controls = h('div', { class: 'controls' },
      h('label', {}, 'Engine ', engine),
      h('button', { 'data-testid': 'run-start', title: 'F8', disabled: running, onclick: () => this.actions.run(this.engine) }, 'Run over capture (F8)'),
      h('button', { 'data-testid': 'run-stop', title: 'Esc', disabled: !running, onclick: () => this.actions.stop() }, 'Stop (Esc)'),
      h('span', { class: 'note' }, this.captureName ? `capture: ${this.captureName}` : 'no capture'));
    switch (shown.status) {
      case 'idle': fill(this.panel, controls, note(shown.message, 'info', 'run-message')); return;
      case 'failed': fill(this.panel, controls, note(shown.message, 'error', 'run-message')); return;
      case 'stopped': fill(this.panel, controls, note('Stopped: the run was cancelled and the worker restarted.', 'info', 'run-message')); return;
      case 'running':
        fill(this.panel, controls, h('p', {}, 'running… ',
          h('progress', { max: 1, value: shown.fraction, 'data-testid': 'run-progress', 'aria-label': 'progress' }),
          ` ${Math.round(shown.fraction * 100)}%`));
        return;
      case 'done': fill(this.panel, controls, ...result(shown.result));
    }
  }
}

function result(r: RunResult): (HTMLElement | null)[] {
  const histogram = h('table', { class: 'data', 'data-testid': 'run-histogram' },
    h('tr', {}, h('th', {}, 'verdict'), h('th', {}, 'packets')),
    ...Object.entries(r.histogram).map(([verdict, count]) =>
      h('tr', { 'data-verdict': verdict }, h('td', {}, verdict), h('td', { 'data-count': count }, String(count)))));
  return [
    r.error ? note(`The run stopped early: ${r.error.message}`, 'error', 'run-error') : null,
    h('p', { class: 'note', 'data-testid': 'run-stats' },
      `${r.runs} of ${r.packets} packets run · ${r.instructions} instructions · engine ${r.engine === 'jit' ? 'JIT' : 'interpreter'}`),
    h('h2', {}, 'Verdicts'), histogram,
    h('pre', { 'data-testid': 'run-summary' }, r.summary),
    h('h2', {}, 'Trace output'),
    r.trace.length ? h('pre', { 'data-testid': 'run-trace' }, r.trace.join('\n')) : note('no bpf_trace_printk output'),
    r.events.length ? h('p', {}, r.events.map((e) => `${e.map}: ${e.records} records`).join(' · ')) : null,
    h('h2', {}, 'Maps'),
    r.maps.length ? h('div', { 'data-testid': 'run-maps' }, ...r.maps.map(mapTable)) : note('the program uses no maps'),
  ];
}

function mapTable(m: RunResult['maps'][number]): HTMLElement {
  return h('div', {},
    h('p', {}, `map ${m.name} (${m.type}): ${m.rows.length} entries${m.hidden ? ` (${m.hidden} all-zero not shown)` : ''}`),
    m.rows.length ? h('table', { class: 'data', 'data-map': m.name },
      h('tr', {}, h('th', {}, 'key'), h('th', {}, 'value')),
      ...m.rows.map((row) => h('tr', {}, h('td', {}, row.key), h('td', {}, row.value)))) : null);
}
