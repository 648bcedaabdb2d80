/** The JIT view: the WebAssembly text `tsbpf jit --dump` prints, or why there is none. */
import type { JitResult } from '../../session/api.js';
import { fill, h, note } from '../dom.js';

export function renderJit(panel: HTMLElement, shown: { busy: true } | { result: JitResult } | { error: string }): void {
  if ('busy' in shown) { fill(panel, note('compiling', 'busy')); return; }
  if ('error' in shown) { fill(panel, note(shown.error, 'error', 'jit-message')); return; }
  const { wat, note: why } = shown.result;
  if (wat === undefined) { fill(panel, note(why ?? 'The JIT cannot compile this program.', 'info', 'jit-message')); return; }
  fill(panel, why ? note(why) : null, h('pre', { 'data-testid': 'jit-wat' }, wat));
}
