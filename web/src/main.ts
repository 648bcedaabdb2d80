/**
 * The playground page: the session runs in a Web Worker (web/src/worker.ts, owned by the session),
 * so nothing long happens on the page's thread; the App controller drives the editor and views.
 */
import { App } from './ui/app.js';
import { SessionClient } from './ui/client.js';
import { byTestId, note } from './ui/dom.js';

const client = new SessionClient(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));
const app = new App(client);
app.start().catch((e: unknown) => {
  byTestId('panel-verifier').replaceChildren(note(`The playground could not start: ${e instanceof Error ? e.message : String(e)}`, 'error'));
});
