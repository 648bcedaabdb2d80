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
    const problem = checkParams(method, request.params);
    if (problem) return { id, ok: false, error: { message: `${method}: ${problem}` } };
    const handler = METHODS[method] as Handler<Method>;
    const result = await handler(request.params as never, (fraction) => post({ id, progress: Math.min(1, Math.max(0, fraction)) }));
    return { id, ok: true, result };
  } catch (e) {
    return { id, ok: false, error: errorInfo(e) };
  }
}

const KINDS = ['ebpf-asm', 'classic-asm', 'filter', 'object'];

/** The shape errors a page could make (a missing input or capture), in words rather than a TypeError. */
function checkParams(method: Method, params: unknown): string | undefined {
  const p = (typeof params === 'object' && params !== null ? params : {}) as Record<string, unknown>;
  if (['analyze', 'verify', 'debug', 'runCapture', 'jitWat'].includes(method)) {
    const input = p.input as Record<string, unknown> | undefined;
    if (typeof input !== 'object' || input === null || !KINDS.includes(input.kind as string)) return `params.input must be a program input (kind ${KINDS.join(', ')})`;
    if (input.kind === 'object' ? !(input.bytes instanceof Uint8Array) : typeof input.text !== 'string') return input.kind === 'object' ? 'params.input.bytes must be a Uint8Array' : 'params.input.text must be text';
  }
  const capture = p.capture as Record<string, unknown> | undefined;
  if (method === 'runCapture' || capture !== undefined) {
    if (typeof capture !== 'object' || capture === null || !(capture.bytes instanceof Uint8Array)) return 'params.capture must be { name, bytes: Uint8Array }';
  }
  if (method === 'debug' && typeof (p.action as Record<string, unknown> | undefined)?.kind !== 'string') return "params.action must be { kind: 'start' | 'step' | 'continue' }";
  return undefined;
}
