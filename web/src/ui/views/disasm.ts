/** The disassembly view: every instruction in llvm-objdump or kernel verifier-log style. */
import type { AnalyzeResult } from '../../session/api.js';
import { fill, h, note } from '../dom.js';
import { listing } from './listing.js';

export class DisasmView {
  private readonly panel: HTMLElement;
  private style: 'llvm' | 'kernel' = 'llvm';
  private analysis: AnalyzeResult | undefined;
  private message = 'Write or open a program to see its disassembly.';
  private currentPc: number | undefined;
  private errorPc: number | undefined;
  onSelectPc: (pc: number) => void = () => {};

  constructor(panel: HTMLElement) {
    this.panel = panel;
    this.render();
  }

  show(analysis: AnalyzeResult | undefined, message?: string): void {
    this.analysis = analysis;
    if (message) this.message = message;
    this.render();
  }

  mark(errorPc: number | undefined, currentPc: number | undefined): void {
    this.errorPc = errorPc;
    this.currentPc = currentPc;
    this.render();
  }

  private render(): void {
    const a = this.analysis;
    if (!a || !a.ok) { fill(this.panel, note(this.message, a ? 'error' : 'info', 'disasm-message')); return; }
    if (a.flavor === 'classic') {
      fill(this.panel, h('p', { class: 'note' }, 'A classic program, as tcpdump -d prints it:'),
        listing(a.classic.map((c) => ({ pc: c.pc, text: c.text.replace(/^\(\d+\)\s*/, '') })),
          { testid: 'disasm-listing', currentPc: this.currentPc, errorPc: this.errorPc, onSelect: (pc) => this.onSelectPc(pc) }));
      return;
    }
    const styles = h('div', { class: 'controls', role: 'group', 'aria-label': 'disassembly style' }, 'Style:',
      ...(['llvm', 'kernel'] as const).map((s) => h('button', {
        'aria-pressed': String(this.style === s), 'data-testid': `disasm-style-${s}`,
        onclick: () => { this.style = s; this.render(); },
      }, s === 'llvm' ? 'llvm-objdump' : 'kernel log')));
    const rows = a.disasm.map((d) => ({ pc: d.pc, text: this.style === 'llvm' ? d.llvm : d.kernel, beside: d.line !== undefined ? `line ${d.line}` : undefined }));
    fill(this.panel, styles, h('p', { class: 'note' }, `program type ${a.progType}${a.selected ? ` · ${a.selected}` : ''} · ${a.disasm.length} instructions`),
      listing(rows, { testid: 'disasm-listing', currentPc: this.currentPc, errorPc: this.errorPc, onSelect: (pc) => this.onSelectPc(pc) }));
  }
}
