export * from './types.js';
export * from './map.js';
export * from './registry.js';
export { ArrayMap } from './array.js';
export { HashMap } from './hash.js';
export { LpmTrieMap } from './lpm.js';
export { QueueStackMap, BloomFilterMap } from './queue.js';
export { RingBufMap, PerfEventArrayMap, type MapEvent } from './events.js';
export { RefMap } from './fdarray.js';
