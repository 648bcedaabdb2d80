/**
 * Maps without keys: `queue` (FIFO), `stack` (LIFO) and `bloom_filter`. Programs use
 * push/pop/peek helpers that copy values; user space uses update (push), lookup (peek) and
 * lookup-and-delete (pop). The bloom filter is exact here (no false positives), which is one of
 * the answers a bloom filter may give.
 */
import { BpfMap, keyString, type MapResult } from './map.js';
import { BPF_ANY, BPF_EXIST, ERRNO, MAP_TYPE } from './types.js';

export class QueueStackMap extends BpfMap {
  private readonly values: Uint8Array[] = [];

  get lifo(): boolean {
    return this.def.type === MAP_TYPE.stack;
  }

  override push(value: Uint8Array, flags: number): number {
    if (flags !== BPF_ANY && flags !== BPF_EXIST) return -ERRNO.EINVAL;
    if (this.values.length >= this.def.maxEntries) {
      if (flags !== BPF_EXIST) return -ERRNO.E2BIG;
      this.values.shift(); // BPF_EXIST: make room by dropping the oldest element
    }
    this.values.push(value.slice(0, this.def.valueSize));
    return 0;
  }

  override pop(): MapResult {
    const v = this.lifo ? this.values.pop() : this.values.shift();
    return v ?? -ERRNO.ENOENT;
  }

  override peek(): MapResult {
    const v = this.lifo ? this.values[this.values.length - 1] : this.values[0];
    return v ? v.slice() : -ERRNO.ENOENT;
  }

  lookup(_key: Uint8Array): MapResult {
    return this.peek();
  }

  override update(_key: Uint8Array, value: Uint8Array, flags: number): number {
    return this.push(value, flags);
  }

  protected updateElem(_key: Uint8Array, value: Uint8Array, flags: number): number {
    return this.push(value, flags);
  }

  override lookupAndDelete(_key: Uint8Array | null): MapResult {
    return this.pop();
  }

  delete(_key: Uint8Array): number {
    return -ERRNO.EINVAL;
  }

  getNextKey(_key: Uint8Array | null): MapResult {
    return -ERRNO.EINVAL;
  }

  override entries(): { key: Uint8Array; value: Uint8Array }[] {
    const order = this.lifo ? [...this.values].reverse() : this.values;
    return order.map((value) => ({ key: new Uint8Array(0), value: value.slice() }));
  }
}

export class BloomFilterMap extends BpfMap {
  private readonly members = new Set<string>();

  override push(value: Uint8Array, flags: number): number {
    if (flags !== BPF_ANY) return -ERRNO.EINVAL;
    this.members.add(keyString(value.subarray(0, this.def.valueSize)));
    return 0;
  }

  override peek(value?: Uint8Array): MapResult {
    if (!value) return -ERRNO.EINVAL;
    return this.members.has(keyString(value.subarray(0, this.def.valueSize))) ? 0 : -ERRNO.ENOENT;
  }

  /** User space passes the value to test in `key`'s place (BPF_MAP_LOOKUP_ELEM with value). */
  lookup(value: Uint8Array): MapResult {
    const r = this.peek(value);
    return typeof r === 'number' && r < 0 ? r : new Uint8Array(0);
  }

  override update(_key: Uint8Array, value: Uint8Array, flags: number): number {
    return this.push(value, flags);
  }

  protected updateElem(_key: Uint8Array, value: Uint8Array, flags: number): number {
    return this.push(value, flags);
  }


  delete(): number {
    return -ERRNO.EOPNOTSUPP;
  }

  getNextKey(): MapResult {
    return -ERRNO.EOPNOTSUPP;
  }

  override entries(): { key: Uint8Array; value: Uint8Array }[] {
    return [];
  }
}
