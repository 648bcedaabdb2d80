/** The view tabs: one visible panel at a time, chosen by click, arrow keys or Alt+1…6. */
import { byTestId } from './dom.js';

export type ViewName = 'verifier' | 'disasm' | 'debug' | 'run' | 'jit' | 'classic';
export const VIEWS: readonly ViewName[] = ['verifier', 'disasm', 'debug', 'run', 'jit', 'classic'];

export class Tabs {
  current: ViewName = 'verifier';
  onShow: (view: ViewName) => void = () => {};

  constructor() {
    for (const view of VIEWS) {
      const tab = byTestId(`tab-${view}`);
      tab.setAttribute('aria-controls', `panel-${view}`);
      byTestId(`panel-${view}`).id = `panel-${view}`;
      tab.addEventListener('click', () => this.show(view));
      tab.addEventListener('keydown', (ev) => {
        const step = ev.key === 'ArrowRight' ? 1 : ev.key === 'ArrowLeft' ? -1 : 0;
        if (!step) return;
        const next = VIEWS[(VIEWS.indexOf(view) + step + VIEWS.length) % VIEWS.length] ?? view;
        this.show(next);
        byTestId(`tab-${next}`).focus();
      });
    }
    this.show('verifier');
  }

  show(view: ViewName): void {
    this.current = view;
    for (const v of VIEWS) {
      const selected = v === view;
      const tab = byTestId(`tab-${v}`);
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      byTestId(`panel-${v}`).hidden = !selected;
    }
    this.onShow(view);
  }

  panel(view: ViewName): HTMLElement {
    return byTestId(`panel-${view}`);
  }
}
