/**
 * The read → verdict → write loop behind `tsbpf filter`. The verdict is any function of a packet
 * (a classic runner, an eBPF VM, a test predicate) returning a socket-filter snap length: 0 drops the
 * packet, n keeps min(n, caplen) bytes (the original length is kept), as the kernel does.
 *
 * Synchronous over an iterable of chunks so the per-packet path has no promise or allocation; output is
 * batched by `ChunkedOutput`. On a corrupt or truncated capture every packet read before the damage is
 * judged and written, the output flushed, and then the `PcapError` is rethrown; `stats` is updated live
 * so the caller can still report accepted/total.
 */
import { CaptureReader, type PacketRecord } from './reader.js';
import { CaptureCopier, type ChunkedOutput } from './writer.js';

export type Verdict = (packet: PacketRecord) => number;

export interface FilterStats {
  accepted: number;
  total: number;
  /** Bytes of input consumed so far. */
  bytesRead: number;
}

export interface FilterOptions {
  /** Where accepted packets go (in the input's own format); omitted = count only. */
  out?: ChunkedOutput;
  /** Updated as the loop runs; pass your own to read it after an error. */
  stats?: FilterStats;
  /** Called after each input chunk (for progress displays). */
  onChunk?: (stats: FilterStats) => void;
}

export function filterChunks(chunks: Iterable<Uint8Array>, verdict: Verdict, options: FilterOptions = {}): FilterStats {
  const stats = options.stats ?? { accepted: 0, total: 0, bytesRead: 0 };
  const copier = options.out ? new CaptureCopier(options.out) : undefined;
  const reader = new CaptureReader();
  const drain = (): void => {
    for (let item = reader.next(); item !== null; item = reader.next()) {
      if (item.kind !== 'packet') {
        copier?.header(item);
        continue;
      }
      const snap = verdict(item) >>> 0;
      stats.total++;
      if (snap === 0) continue;
      stats.accepted++;
      copier?.packet(item, snap);
    }
  };
  try {
    for (const chunk of chunks) {
      reader.push(chunk);
      stats.bytesRead += chunk.length;
      drain();
      // Nothing may point into this chunk once the next one is pushed (the source may reuse it).
      copier?.flush();
      options.onChunk?.(stats);
    }
    reader.end();
    drain();
  } finally {
    copier?.flush();
    options.out?.flush();
  }
  return stats;
}
