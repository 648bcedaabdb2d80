/**
 * A growable byte buffer with the encodings of the WebAssembly binary format: unsigned and
 * signed LEB128, names, length-prefixed vectors.
 */
export class ByteWriter {
  private buf: Uint8Array<ArrayBuffer> = new Uint8Array(256);
  length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  u8(b: number): this {
    this.reserve(1);
    this.buf[this.length++] = b & 0xff;
    return this;
  }

  bytes(data: Uint8Array | readonly number[]): this {
    this.reserve(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
    return this;
  }

  /** Unsigned LEB128 of a value in 0..2^32-1. */
  u32(value: number): this {
    let v = value >>> 0;
    this.reserve(5);
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v !== 0) b |= 0x80;
      this.buf[this.length++] = b;
    } while (v !== 0);
    return this;
  }

  /** Signed LEB128 of a 32-bit integer. */
  i32(value: number): this {
    let v = value | 0;
    this.reserve(5);
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
        this.buf[this.length++] = b;
        return this;
      }
      this.buf[this.length++] = b | 0x80;
    }
  }

  /** Signed LEB128 of a 64-bit integer (taken modulo 2^64). */
  i64(value: bigint): this {
    let v = BigInt.asIntN(64, value);
    if (v >= -0x80000000n && v <= 0x7fffffffn) return this.i32(Number(v));
    this.reserve(10);
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) {
        this.buf[this.length++] = b;
        return this;
      }
      this.buf[this.length++] = b | 0x80;
    }
  }

  /** A UTF-8 name with its length. */
  name(text: string): this {
    const bytes = new TextEncoder().encode(text);
    return this.u32(bytes.length).bytes(bytes);
  }

  /** Appends another writer's bytes prefixed by their length (a section or a function body). */
  sized(inner: ByteWriter): this {
    return this.u32(inner.length).bytes(inner.finish());
  }

  finish(): Uint8Array<ArrayBuffer> {
    return this.buf.subarray(0, this.length);
  }
}
