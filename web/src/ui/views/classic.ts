/** The classic view: the compiled program of a filter expression or bpf_asm source (tcpdump -d). */
import type { AnalyzeResult } from '../../session/api.js';
import { fill, h, note } from '../dom.js';

export function renderClassic(panel: HTMLElement, analysis: AnalyzeResult | undefined, message: string | undefined): void {
  if (message) { fill(panel, note(message, 'error', 'classic-message')); return; }
  if (!analysis) { fill(panel, note('Write a filter expression or classic program to see its compiled form.')); return; }
  if (analysis.flavor !== 'classic' || analysis.classicText === undefined) {
    fill(panel, note('This is an eBPF program; the classic listing is for filter expressions and bpf_asm programs (see Disassembly).', 'info', 'classic-message'));
    return;
  }
  fill(panel, h('p', { class: 'note' }, `${analysis.classic.length} instructions, as tcpdump -d prints them:`),
    h('pre', { 'data-testid': 'classic-listing' }, analysis.classicText));
}
