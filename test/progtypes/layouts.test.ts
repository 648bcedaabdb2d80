/**
 * Context layouts against the kernel's UAPI headers: every field of `__sk_buff`, `xdp_md` and
 * `seccomp_data` that src/progtypes describes sits at the offset and has the size that
 * /usr/include/linux/bpf.h gives it (golden/uapi-layouts.json, from scripts/gen-ctx-layouts.sh).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { progTypeInfo, seccompFields, SKB, SKB_CTX_SIZE, XDP_MD, XDP_MD_SIZE } from '../../src/progtypes/index.js';
import type { CtxField } from '../../src/progtypes/types.js';

const uapi = JSON.parse(readFileSync(join(import.meta.dirname, 'golden/uapi-layouts.json'), 'utf8')) as
  { struct: string; field: string; offset: number; size: number }[];

function check(struct: string, fields: readonly CtxField[]): void {
  const expected = uapi.filter((f) => f.struct === struct);
  assert.deepEqual(fields.map((f) => [f.name, f.offset, f.size]), expected.map((f) => [f.field, f.offset, f.size]), struct);
}

test('__sk_buff fields of socket_filter and sched_cls', () => {
  check('__sk_buff', progTypeInfo('socket_filter').fields);
  check('__sk_buff', progTypeInfo('sched_cls').fields);
  for (const f of uapi.filter((u) => u.struct === '__sk_buff')) assert.equal(SKB[f.field as keyof typeof SKB], f.offset, f.field);
  const last = uapi.filter((u) => u.struct === '__sk_buff').at(-1)!;
  assert.equal(SKB_CTX_SIZE, last.offset + last.size);
});

test('xdp_md fields', () => {
  check('xdp_md', progTypeInfo('xdp').fields);
  for (const f of uapi.filter((u) => u.struct === 'xdp_md')) assert.equal(XDP_MD[f.field as keyof typeof XDP_MD], f.offset, f.field);
  assert.equal(XDP_MD_SIZE, 24);
});

test('seccomp_data fields', () => {
  check('seccomp_data', seccompFields);
});
