/**
 * The session: one function per method of api.ts, and `handle`, which answers one request message
 * with a response message — never a throw. The worker (web/src/worker.ts) and the tests call the
 * same `handle`.
 */
import { analyze } from './analyze.js';
import type { Method, Methods, Request, Response } from './api.js';
import { debug } from './debug.js';
import { errorInfo } from './errors.js';
import { EXAMPLES } from './examples.js';
import { jitWat } from './jit.js';
import { runCapture } from './run.js';
import { decodeState, encodeState } from './share.js';
import { verifyInput } from './verify.js';

type Handler<M extends Method> = (params: Methods[M]['params'], progress: (fraction: number) => void) => Methods[M]['result'] | Promise<Methods[M]['result']>;

export const METHODS: { [M in Method]: Handler<M> } = {
  analyze: (p) => analyze(p.input, p.options),
  verify: (p) => verifyInput(p.input, p.options),
  debug: (p) => debug(p),
  runCapture: (p, progress) => runCapture(p.input, p.capture, p.options, progress),
  jitWat: (p) => jitWat(p.input, p.options),
  examples: () => EXAMPLES,
  encodeState: (p) => encodeState(p.state),
  decodeState: (p) => decodeState(p.fragment),
};

/** Answers one request; `post` receives progress messages while it runs. */
export async function handle(request: Request, post: (message: Response) => void = () => {}): Promise<Response> {
  const id = typeof request?.id === 'number' ? request.id : -1;
  try {
    const method = request?.method;
    if (typeof method !== 'string' || !Object.hasOwn(METHODS, method)) {
      return { id, ok: false, error: { message: `unknown method ${JSON.stringify(method)} (one of ${Object.keys(METHODS).join(', ')})` } };
    }
    const handler = METHODS[method] as Handler<Method>;
    const result = await handler(request.params as never, (fraction) => post({ id, progress: Math.min(1, Math.max(0, fraction)) }));
    return { id, ok: true, result };
  } catch (e) {
    return { id, ok: false, error: errorInfo(e) };
  }
}
