/**
 * The verifier view: the verdict, the error in the kernel's words at its instruction, statistics,
 * every instruction with the register/stack state the level-2 log gives there, and the log itself
 * at level 1 or 2 exactly as `tsbpf verify` prints it.
 */
import type { AnalyzeResult, VerifyResult } from '../../session/api.js';
import { fill, h, note } from '../dom.js';
import { listing, type ListingRow } from './listing.js';

export type VerifierShown =
  | { status: 'busy' }
  | { status: 'failed'; message: string }
  | { status: 'done'; result: VerifyResult; analysis: AnalyzeResult };

export class VerifierView {
  private readonly panel: HTMLElement;
  private level: 1 | 2 = 1;
  private shown: VerifierShown = { status: 'busy' };
  onSelectPc: (pc: number) => void = () => {};

  constructor(panel: HTMLElement) {
    this.panel = panel;
    this.render({ status: 'failed', message: 'Write or open a program to verify it.' });
  }

  /** The source changed: the answer shown is for the old text until the next one arrives. */
  markStale(): void {
    this.panel.dataset.stale = 'true';
  }

  render(shown: VerifierShown): void {
    this.shown = shown;
    delete this.panel.dataset.stale;
    if (shown.status === 'busy') { fill(this.panel, note('verifying', 'busy', 'verifier-busy')); return; }
    if (shown.status === 'failed') { fill(this.panel, note(shown.message, 'error', 'verifier-message')); return; }
    const { result, analysis } = shown;
    const verdict = h('p', { class: result.accepted ? 'verdict-ok' : 'verdict-bad', 'data-testid': 'verdict' },
      result.accepted ? 'accepted' : `rejected${result.errno ? ` (${result.errno})` : ''}`);
    const checker = h('span', { class: 'note' }, result.checker === 'classic-checker'
      ? ' — the kernel\'s classic-BPF load-time checker' : ' — the Linux 6.18 verifier, as tsbpf models it');
    verdict.append(checker);
    const where = result.errorPc >= 0
      ? ` (at instruction ${result.errorPc}${result.errorLine !== undefined ? `, line ${result.errorLine}` : ''})` : '';
    const error = result.accepted ? null
      : h('div', { class: 'note note-error', role: 'alert' },
        h('pre', { 'data-testid': 'verifier-error', 'data-pc': result.errorPc }, result.error.join('\n')),
        where ? h('span', { 'data-testid': 'verifier-error-where' }, where.trim().replace(/^\((.*)\)$/, '$1')) : null);
    const s = result.stats;
    const stats = h('p', { class: 'note', 'data-testid': 'verifier-stats' },
      `processed ${s.insnProcessed} insns · max_states_per_insn ${s.maxStatesPerInsn} · total_states ${s.totalStates} · peak_states ${s.peakStates}`);
    const rows: ListingRow[] = analysis.flavor === 'ebpf'
      ? analysis.disasm.map((d) => ({ pc: d.pc, text: d.kernel, beside: stateBeside(result.states[d.pc]) }))
      : analysis.classic.map((c) => ({ pc: c.pc, text: c.text, beside: stateBeside(result.states[c.pc]) }));
    const levels = h('div', { class: 'controls', role: 'group', 'aria-label': 'log level' }, 'Log level:',
      ...([1, 2] as const).map((lv) => h('button', {
        'aria-pressed': String(this.level === lv), 'data-testid': `log-level-${lv}`,
        onclick: () => { this.level = lv; this.render(this.shown); },
      }, String(lv))));
    const log = (this.level === 1 ? result.log1 : result.log2) || '(the log is empty)';
    fill(this.panel, verdict, error, stats,
      h('h2', {}, 'Instructions and the state the verifier reached at each'),
      rows.length ? listing(rows, { testid: 'verifier-insns', errorPc: result.errorPc, onSelect: (pc) => this.onSelectPc(pc) })
        : note('no instructions'),
      h('h2', {}, `Verifier log (level ${this.level})`), levels,
      h('pre', { 'data-testid': 'verifier-log' }, log),
      h('p', { class: 'note' }, result.verdict));
  }
}

/** The state text beside an instruction: the register part after `;` of each log line at it. */
export function stateBeside(text: string | undefined): string {
  if (!text) return '';
  return text.split('\n').map((l) => {
    const semi = l.indexOf(';');
    if (semi >= 0) return l.slice(semi + 1).trim();
    // `6: (79) r0 = …` with no state after it repeats the instruction: nothing to add.
    return /^\d+: \([0-9a-f]{2}\)/.test(l) ? '' : l.replace(/^\d+:\s*/, '').trim();
  }).filter(Boolean).join('\n');
}
