/**
 * The page's side of the worker protocol: `{id, method, params}` out; `{id, ok, result}`,
 * `{id, ok: false, error}` or `{id, progress}` back. All analysis, verification, debugging and
 * runs happen in the worker, so the page never blocks. "Stop" terminates the worker and starts a
 * fresh one: every pending request fails with a `stopped` error, and the session rebuilds whatever
 * it needs from the next request.
 */

import type { ErrorInfo, Method, Methods, Response } from '../session/api.js';

export type SessionErrorInfo = ErrorInfo;

/** A request the worker answered with an error (a bad program, capture, …), or a stop. */
export class SessionCallError extends Error {
  override readonly name = 'SessionCallError';
  readonly info: SessionErrorInfo;
  readonly stopped: boolean;
  constructor(info: SessionErrorInfo, stopped = false) {
    super(info.message);
    this.info = info;
    this.stopped = stopped;
  }
}

type Reply = Response;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: SessionCallError) => void;
  onProgress: ((fraction: number) => void) | undefined;
}

export class SessionClient {
  /** The running worker; none after it failed, until the next request starts a fresh one. */
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly spawn: () => Worker;
  /** Called when the number of requests in flight changes (for the busy indicator). */
  onBusyChange: (busy: boolean) => void = () => {};

  constructor(spawn: () => Worker) {
    this.spawn = spawn;
    this.worker = this.start();
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  call<M extends Method>(method: M, params: Methods[M]['params'], onProgress?: (fraction: number) => void): Promise<Methods[M]['result']> {
    const id = this.nextId++;
    return new Promise<Methods[M]['result']>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
      this.onBusyChange(true);
      this.worker ??= this.start();
      this.worker.postMessage({ id, method, params });
    });
  }

  /** Ends whatever the worker is doing: terminate it, fail its requests, start a fresh one. */
  stop(): void {
    this.worker?.terminate();
    const waiting = [...this.pending.values()];
    this.pending.clear();
    this.worker = this.start();
    for (const p of waiting) p.reject(new SessionCallError({ message: 'stopped' }, true));
    this.onBusyChange(false);
  }

  private start(): Worker {
    const worker = this.spawn();
    worker.onmessage = (ev: MessageEvent<Reply>) => this.receive(ev.data);
    worker.onerror = (ev: ErrorEvent) => {
      // The worker itself failed (a bug, or it could not load): fail everything in flight in words,
      // and start a fresh worker only when the next request comes (a worker that cannot load would
      // otherwise be restarted forever).
      ev.preventDefault();
      worker.terminate();
      if (this.worker === worker) this.worker = undefined;
      const waiting = [...this.pending.values()];
      this.pending.clear();
      for (const p of waiting) p.reject(new SessionCallError({ message: `the worker failed: ${ev.message || 'unknown error'}` }));
      this.onBusyChange(false);
    };
    return worker;
  }

  private receive(reply: Reply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    if ('progress' in reply) {
      p.onProgress?.(reply.progress);
      return;
    }
    this.pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.result);
    else p.reject(new SessionCallError(reply.error));
    if (this.pending.size === 0) this.onBusyChange(false);
  }
}
