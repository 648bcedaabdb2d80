/**
 * Shared links: the state survives the round trip through a URL fragment, uploads over the size
 * limit stay out of it, and a damaged or foreign link is refused with a ShareError saying what is
 * wrong — never a half-restored state.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SHARE_CAPTURE_LIMIT, type ShareState } from '../../web/src/session/api.js';
import { EXAMPLES } from '../../web/src/session/examples.js';
import { decodeState, encodeState, ShareError } from '../../web/src/session/share.js';
import { repoFile, TRAFFIC } from './session-cli.js';

const example = EXAMPLES.find((e) => e.id === 'map-lookup')!;
const text = (example.input as { text: string }).text;

/** deflate-raw + base64url of a text, as a link body (to build links with chosen content). */
async function pack(json: string): Promise<string> {
  const stream = new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return Buffer.from(await new Response(stream).arrayBuffer()).toString('base64url');
}

async function rejects(fragment: string, message: RegExp): Promise<void> {
  await assert.rejects(decodeState(fragment), (e: unknown) => {
    assert.ok(e instanceof ShareError, `${String(e)}`);
    assert.match(e.message, message);
    return true;
  });
}

describe('share', () => {
  it('round-trips the whole state: source, kind, options, a small capture, the view', async () => {
    const state: ShareState = {
      kind: 'ebpf-asm', text, options: { progType: 'xdp', engine: 'interp', limit: 5000 }, packet: 3, view: 'verifier',
      capture: { name: 'small.pcap', bytes: repoFile(TRAFFIC).subarray(0, 2000) },
    };
    const fragment = await encodeState(state);
    assert.match(fragment, /^v1\.[A-Za-z0-9_-]+$/);
    assert.deepEqual(await decodeState(`#${fragment}`), state);
  });

  it('compresses: a link is shorter than the text it carries', async () => {
    const long = { kind: 'ebpf-asm' as const, text: text.repeat(20) };
    assert.ok((await encodeState(long)).length < long.text.length / 4);
  });

  it('leaves out captures over the limit and names bundled files instead of embedding them', async () => {
    const big = repoFile(TRAFFIC);
    assert.ok(big.length > SHARE_CAPTURE_LIMIT);
    const decoded = await decodeState(await encodeState({ kind: 'object', exampleObject: 'xdp_counter.o', exampleCapture: 'traffic.pcap', capture: { name: 'up.pcap', bytes: big } }));
    assert.deepEqual(decoded, { kind: 'object', exampleObject: 'xdp_counter.o', exampleCapture: 'traffic.pcap' });
  });

  it('refuses damaged and foreign links with a clear error', async () => {
    const good = await encodeState({ kind: 'filter', text: 'tcp port 22 and host 10.0.0.1', linkType: 'EN10MB' });
    const body = good.slice(3);
    await rejects('', /does not start with a version/);
    await rejects('hello', /does not start with a version/);
    await rejects(`v7.${body}`, /made by another version of the playground \(v7; this one reads v1\)/);
    await rejects(`v1.${body.slice(0, 5)}!${body.slice(6)}`, /characters that base64url does not use/);
    await rejects(`v1.${body.slice(0, Math.floor(body.length / 2))}`, /damaged: its compressed data is corrupt or cut short|damaged: its content is not valid JSON/);
    await rejects(`v1.${await pack('{"kind": "filter", "text": ')}`, /not valid JSON/);
    await rejects(`v1.${await pack('[1, 2]')}`, /not a playground state/);
    await rejects(`v1.${await pack('{"kind": "python"}')}`, /unknown input kind "python"/);
    await rejects(`v1.${await pack('{"kind": "filter", "text": 7}')}`, /'text' is not text/);
    await rejects(`v1.${await pack('{"kind": "filter", "options": {"engine": "gpu"}}')}`, /'options.engine' is not interp or jit/);
    await rejects(`v1.${await pack('{"kind": "object", "objectBytes": [1, 2]}')}`, /'objectBytes' is not bytes/);
    await rejects(`v1.${Buffer.from('not deflate at all, just text').toString('base64url')}`, /damaged/);
  });
});
