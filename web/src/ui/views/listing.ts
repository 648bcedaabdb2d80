/**
 * An instruction listing shared by the views: one row per instruction (pc, text, optional column
 * beside it), the failing and the current instruction marked, a click (or Enter) on a row selecting
 * that instruction everywhere — the editor line, the other views.
 */
import { h } from '../dom.js';

export interface ListingRow {
  pc: number;
  text: string;
  /** Shown beside the instruction (the verifier's state there, the source line, …). */
  beside?: string;
}

export interface ListingOptions {
  testid: string;
  errorPc?: number;
  currentPc?: number;
  breakpoints?: ReadonlySet<number>;
  onSelect?: (pc: number) => void;
  /** When given, each row gets a breakpoint toggle. */
  onToggleBreakpoint?: (pc: number) => void;
}

export function listing(rows: readonly ListingRow[], opts: ListingOptions): HTMLTableElement {
  const table = h('table', { class: 'insns', 'data-testid': opts.testid });
  for (const row of rows) {
    const classes = [row.pc === opts.errorPc ? 'error' : '', row.pc === opts.currentPc ? 'current' : ''].filter(Boolean).join(' ');
    const tr = h('tr', { class: classes || undefined, 'data-pc': row.pc, title: row.beside || undefined });
    if (opts.onToggleBreakpoint) {
      const on = opts.breakpoints?.has(row.pc) ?? false;
      const toggle = opts.onToggleBreakpoint;
      tr.append(h('td', {}, h('button', {
        class: 'bp', 'aria-pressed': String(on), 'aria-label': `breakpoint at ${row.pc}`, 'data-testid': `bp-${row.pc}`,
        onclick: () => toggle(row.pc),
      }, on ? '●' : '○')));
    }
    tr.append(h('td', { class: 'pc' }, `${row.pc}:`), h('td', { class: 'text' }, row.text));
    if (row.beside !== undefined) tr.append(h('td', { class: 'state' }, row.beside));
    if (opts.onSelect) {
      const select = opts.onSelect;
      tr.tabIndex = 0;
      tr.addEventListener('click', () => select(row.pc));
      tr.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') select(row.pc); });
    }
    table.append(tr);
  }
  return table;
}
