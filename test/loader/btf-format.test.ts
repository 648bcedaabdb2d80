/**
 * Map contents printed through BTF: the initial values of global data, as written in the C
 * sources of the examples, come back out by name once the loader has placed the variables at their
 * symbols' offsets (libbpf's datasec fix-up).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatBtfValue } from '../../src/loader/btf-format.js';
import { loadObject } from '../../src/loader/index.js';
import { REPO_ROOT } from '../helpers/corpus.js';

function globalData(example: string, section: string): string {
  const obj = loadObject(new Uint8Array(readFileSync(join(REPO_ROOT, 'examples', example))));
  const def = obj.maps.find((m) => m.name === section)!;
  assert.ok(obj.btf && def.btfValue !== undefined, `${example} ${section} has a BTF type`);
  return formatBtfValue(obj.btf, def.btfValue, def.initial!, obj.littleEndian);
}

test('global variables print with the values the C source gives them', () => {
  // examples/globals.c: `__u64 checksum_total = 7; __u32 last_len = 1;` and the const volatiles.
  assert.equal(globalData('globals.o', '.data'), '{checksum_total: 7, last_len: 1}');
  assert.equal(globalData('globals.o', '.rodata'), '{min_ttl: 2, sum_bytes: 16}');
  // examples/xdp_droplist.c: the seed prefixes 10.0.0.0/8, 192.168.66.0/24, 172.16.5.9/32.
  assert.equal(globalData('xdp_droplist.o', '.rodata'),
    '{seed: [{prefixlen: 8, addr: [10, 0, 0, 0]}, {prefixlen: 24, addr: [192, 168, 66, 0]}, {prefixlen: 32, addr: [172, 16, 5, 9]}]}');
});

test('map keys and values carry their BTF types', () => {
  const obj = loadObject(new Uint8Array(readFileSync(join(REPO_ROOT, 'examples/xdp_counter.o'))));
  const stats = obj.maps.find((m) => m.name === 'proto_stats')!;
  const value = new Uint8Array(16);
  new DataView(value.buffer).setBigUint64(0, 3n, true);
  new DataView(value.buffer).setBigUint64(8, 180n, true);
  assert.equal(formatBtfValue(obj.btf!, stats.btfKey!, Uint8Array.of(6, 0, 0, 0)), '6');
  assert.equal(formatBtfValue(obj.btf!, stats.btfValue!, value), '{packets: 3, bytes: 180}');
});
