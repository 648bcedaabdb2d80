/**
 * The playground's state in a URL fragment: `v1.` then the state as JSON, compressed with
 * deflate-raw (CompressionStream, in browsers and Node alike) and written in base64url. Bytes
 * (small uploaded objects and captures) travel as base64 inside the JSON; larger uploads are left
 * out, bundled examples go by file name. A damaged or foreign link gets a `ShareError` saying what
 * is wrong with it, never a half-restored state.
 */
import { TsbpfError } from '../../../src/errors.js';
import { SHARE_CAPTURE_LIMIT, SHARE_OBJECT_LIMIT, type InputKind, type ShareState } from './api.js';

const VERSION = 'v1';
const KINDS: readonly InputKind[] = ['ebpf-asm', 'classic-asm', 'filter', 'object'];
/** Links longer than this are refused before decompressing (no decompression bombs from a URL). */
const MAX_FRAGMENT = 1 << 20;
const MAX_JSON = 4 << 20;

export class ShareError extends TsbpfError {
  override readonly name = 'ShareError';
  constructor(detail: string) {
    super(detail, 'shared link');
  }
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}

const toBase64Url = (bytes: Uint8Array): string => toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (text: string): Uint8Array => fromBase64(text.replace(/-/g, '+').replace(/_/g, '/'));

async function transform(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** What goes into a link: the state without uploads over their limits. */
export function shareable(state: ShareState): ShareState {
  const s: ShareState = { ...state };
  if (s.capture && s.capture.bytes.length > SHARE_CAPTURE_LIMIT) delete s.capture;
  if (s.objectBytes && s.objectBytes.length > SHARE_OBJECT_LIMIT) delete s.objectBytes;
  return s;
}

export async function encodeState(state: ShareState): Promise<string> {
  const json = JSON.stringify(shareable(state), (_key, value: unknown) => {
    if (value instanceof Uint8Array) return { $bytes: toBase64(value) };
    if (typeof value === 'bigint') return { $bigint: value.toString() };
    return value;
  });
  return `${VERSION}.${toBase64Url(await transform(new TextEncoder().encode(json), new CompressionStream('deflate-raw')))}`;
}

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new ShareError(`the link is damaged: ${what}`);
}

/** The state's fields, checked one by one: a link is untrusted input. */
function validate(value: unknown): ShareState {
  check(typeof value === 'object' && value !== null && !Array.isArray(value), 'its content is not a playground state');
  const v = value as Record<string, unknown>;
  check(KINDS.includes(v.kind as InputKind), `unknown input kind ${JSON.stringify(v.kind)}`);
  for (const k of ['text', 'objectName', 'exampleObject', 'exampleCapture', 'program', 'view'] as const) {
    check(v[k] === undefined || typeof v[k] === 'string', `'${k}' is not text`);
  }
  check(v.objectBytes === undefined || v.objectBytes instanceof Uint8Array, "'objectBytes' is not bytes");
  check(v.packet === undefined || (Number.isInteger(v.packet) && (v.packet as number) >= 0), "'packet' is not a packet number");
  check(v.linkType === undefined || typeof v.linkType === 'string' || Number.isInteger(v.linkType), "'linkType' is not a link type");
  if (v.capture !== undefined) {
    const c = v.capture as Record<string, unknown>;
    check(typeof c === 'object' && c !== null && typeof c.name === 'string' && c.bytes instanceof Uint8Array, "'capture' is not a capture");
  }
  if (v.options !== undefined) {
    const o = v.options as Record<string, unknown>;
    check(typeof o === 'object' && o !== null, "'options' is not a set of options");
    check(o.progType === undefined || typeof o.progType === 'string', "'options.progType' is not text");
    check(o.engine === undefined || o.engine === 'interp' || o.engine === 'jit', "'options.engine' is not interp or jit");
    check(o.limit === undefined || (Number.isInteger(o.limit) && (o.limit as number) > 0), "'options.limit' is not a positive integer");
  }
  return v as unknown as ShareState;
}

export async function decodeState(fragment: string): Promise<ShareState> {
  const text = fragment.replace(/^#/, '').trim();
  const dot = text.indexOf('.');
  check(dot > 0, "it does not start with a version ('v1.')");
  const version = text.slice(0, dot);
  if (version !== VERSION) throw new ShareError(`the link was made by another version of the playground (${version.slice(0, 10)}; this one reads ${VERSION})`);
  const body = text.slice(dot + 1);
  check(body.length <= MAX_FRAGMENT, `it is ${body.length} characters long, more than a link holds`);
  check(/^[A-Za-z0-9_-]*$/.test(body), 'it holds characters that base64url does not use (was it cut or edited?)');
  let compressed: Uint8Array;
  try {
    compressed = fromBase64Url(body);
  } catch {
    throw new ShareError('the link is damaged: its base64url text does not decode (was it cut short?)');
  }
  let json: string;
  try {
    const raw = await transform(compressed, new DecompressionStream('deflate-raw'));
    check(raw.length <= MAX_JSON, 'it unpacks to more than a state can be');
    json = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch (e) {
    if (e instanceof ShareError) throw e;
    throw new ShareError('the link is damaged: its compressed data is corrupt or cut short');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json, (_key, value: unknown) => {
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        const o = value as Record<string, unknown>;
        if (typeof o.$bytes === 'string' && Object.keys(o).length === 1) return fromBase64(o.$bytes);
        if (typeof o.$bigint === 'string' && Object.keys(o).length === 1) return BigInt(o.$bigint);
      }
      return value;
    });
  } catch {
    throw new ShareError('the link is damaged: its content is not valid JSON');
  }
  return validate(parsed);
}
