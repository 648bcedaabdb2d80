/**
 * `lpm_trie`: longest-prefix-match map. A key is `struct bpf_lpm_trie_key { u32 prefixlen; u8
 * data[]; }` (prefixlen in host order, data in network order). Lookup returns the value of the
 * longest stored prefix that matches the first `prefixlen` bits of the key; update and delete
 * work on exact prefixes. Entries are kept in a flat list (tries in BPF programs are small);
 * `getNextKey` walks them in the kernel's order, a post-order traversal of the binary trie (more
 * specific prefixes before the prefixes that contain them, 0-bits before 1-bits).
 */
import { BpfMap, keyString, type MapEnv, type MapResult } from './map.js';
import { SlotStore } from './store.js';
import { BPF_EXIST, BPF_NOEXIST, ERRNO, type MapDef } from './types.js';

interface Entry { prefixlen: number; data: Uint8Array; slot: number }

const bit = (data: Uint8Array, i: number): number => (data[i >> 3]! >> (7 - (i & 7))) & 1;

/** Number of leading bits (≤ limit) on which a and b agree. */
function commonBits(a: Uint8Array, b: Uint8Array, limit: number): number {
  let n = 0;
  while (n < limit && bit(a, n) === bit(b, n)) n++;
  return n;
}

/** Post-order position: negative when a comes before b. */
function postOrder(a: Entry, b: Entry): number {
  const limit = Math.min(a.prefixlen, b.prefixlen);
  const m = commonBits(a.data, b.data, limit);
  if (m === limit) return b.prefixlen - a.prefixlen; // the longer (descendant) first
  return bit(a.data, m) - bit(b.data, m);
}

export class LpmTrieMap extends BpfMap {
  readonly store: SlotStore;
  private readonly maxPrefix: number;
  private readonly entries_ = new Map<string, Entry>();

  constructor(def: MapDef, env: MapEnv, id: number, handle: number) {
    super(def, env, id, handle);
    this.maxPrefix = (def.keySize - 4) * 8;
    this.store = new SlotStore(env.space, `map:${def.name}`, def.valueSize, def.maxEntries);
  }

  private parse(key: Uint8Array): { prefixlen: number; data: Uint8Array } {
    const prefixlen = (key[0]! | (key[1]! << 8) | (key[2]! << 16) | (key[3]! << 24)) >>> 0;
    return { prefixlen, data: key.subarray(4, this.def.keySize) };
  }

  /** Canonical form of a prefix: bits past prefixlen cleared. */
  private canonical(prefixlen: number, data: Uint8Array): Uint8Array {
    const out = new Uint8Array(data.length);
    for (let i = 0; i < prefixlen; i++) if (bit(data, i)) out[i >> 3]! |= 0x80 >> (i & 7);
    return out;
  }

  private prefixId(prefixlen: number, data: Uint8Array): string {
    return `${prefixlen}/${keyString(this.canonical(prefixlen, data))}`;
  }

  private match(key: Uint8Array): Entry | undefined {
    const { prefixlen, data } = this.parse(key);
    let best: Entry | undefined;
    for (const e of this.entries_.values()) {
      if (e.prefixlen > prefixlen || (best && best.prefixlen >= e.prefixlen)) continue;
      if (commonBits(e.data, data, e.prefixlen) === e.prefixlen) best = e;
    }
    return best;
  }

  override lookupPtr(key: Uint8Array, _cpu: number): number {
    const e = this.match(key);
    return e ? this.store.addr(e.slot) : 0;
  }

  lookup(key: Uint8Array): MapResult {
    const e = this.match(key);
    return e ? this.store.bytes(e.slot).slice(0, this.def.valueSize) : -ERRNO.ENOENT;
  }

  protected updateElem(key: Uint8Array, value: Uint8Array, flags: number, _cpu: number): number {
    if (flags > BPF_EXIST) return -ERRNO.EINVAL;
    const { prefixlen, data } = this.parse(key);
    if (prefixlen > this.maxPrefix) return -ERRNO.EINVAL;
    const id = this.prefixId(prefixlen, data);
    let e = this.entries_.get(id);
    if (e && flags === BPF_NOEXIST) return -ERRNO.EEXIST;
    if (!e && flags === BPF_EXIST) return -ERRNO.ENOENT;
    if (!e) {
      if (this.entries_.size >= this.def.maxEntries) return -ERRNO.ENOSPC;
      const slot = this.store.allocate();
      if (slot < 0) return -ERRNO.ENOSPC;
      e = { prefixlen, data: data.slice(), slot };
      this.entries_.set(id, e);
    } else {
      e.data = data.slice(); // the kernel keeps the key as last given, trailing bits included
    }
    this.store.bytes(e.slot).set(value.subarray(0, this.def.valueSize));
    return 0;
  }

  delete(key: Uint8Array): number {
    const { prefixlen, data } = this.parse(key);
    if (prefixlen > this.maxPrefix) return -ERRNO.EINVAL;
    const id = this.prefixId(prefixlen, data);
    const e = this.entries_.get(id);
    if (!e) return -ERRNO.ENOENT;
    this.entries_.delete(id);
    this.store.release(e.slot);
    return 0;
  }

  private ordered(): Entry[] {
    return [...this.entries_.values()].sort(postOrder);
  }

  private keyOf(e: Entry): Uint8Array {
    const k = new Uint8Array(this.def.keySize);
    new DataView(k.buffer).setUint32(0, e.prefixlen, true);
    k.set(e.data, 4);
    return k;
  }

  getNextKey(key: Uint8Array | null): MapResult {
    const list = this.ordered();
    let at = 0;
    if (key !== null) {
      const { prefixlen, data } = this.parse(key);
      const found = prefixlen <= this.maxPrefix ? this.entries_.get(this.prefixId(prefixlen, data)) : undefined;
      if (found) at = list.indexOf(found) + 1;
    }
    const e = list[at];
    return e ? this.keyOf(e) : -ERRNO.ENOENT;
  }

  override entries(): { key: Uint8Array; value: Uint8Array }[] {
    return this.ordered().map((e) => ({ key: this.keyOf(e), value: this.store.bytes(e.slot).slice(0, this.def.valueSize) }));
  }
}
