/**
 * Node adapters for the capture streams: read a file in bounded chunks, write through batched
 * synchronous writes. The core in src/pcap/ stays free of `node:` imports.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { ChunkedOutput } from '../pcap/writer.js';

/** Chunk size for reads; memory use stays at about this plus one record, whatever the file size. */
export const READ_CHUNK = 1 << 20;

/**
 * The bytes of a file (or standard input for `-`) as a sequence of chunks. Two buffers alternate, so a
 * chunk is overwritten when the chunk after next is read: enough for `CaptureReader`, which copies any
 * unread part of a chunk when the next one is pushed (and for `filterChunks`, which flushes its copier
 * after every chunk). Reusing the buffers saves the page faults of fresh memory on every read.
 */
export function* fileChunks(path: string, chunkSize = READ_CHUNK): Generator<Uint8Array> {
  const fd = path === '-' ? 0 : openSync(path, 'r');
  // Not zero-filled (every byte handed on is first written by the read), and plain Uint8Arrays rather
  // than Buffers, whose `subarray` is several times slower.
  const plain = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.length);
  const buffers: Uint8Array[] = [plain(Buffer.allocUnsafeSlow(chunkSize)), plain(Buffer.allocUnsafeSlow(chunkSize))];
  let turn = 0;
  try {
    for (;;) {
      const buf = buffers[turn]!;
      turn ^= 1;
      let n: number;
      try {
        n = readSync(fd, buf, 0, chunkSize, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        if ((e as NodeJS.ErrnoException).code === 'EOF') return;
        throw e;
      }
      if (n === 0) return;
      yield n === chunkSize ? buf : buf.subarray(0, n);
    }
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}

/** An output that writes to a file (or standard output for `-`) in large synchronous batches. */
export function fileOutput(path: string, chunkSize = READ_CHUNK): { out: ChunkedOutput; close: () => void } {
  const fd = path === '-' ? 1 : openSync(path, 'w');
  const out = new ChunkedOutput((bytes) => {
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
  }, chunkSize);
  return {
    out,
    close: () => {
      out.flush();
      if (fd !== 1) closeSync(fd);
    },
  };
}
