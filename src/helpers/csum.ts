/**
 * Internet checksum arithmetic exactly as the kernel computes it on x86-64 (include/net/checksum.h,
 * arch/x86/lib/csum-partial_64.c): 32-bit "wsum" partial sums with end-around carry, folded to
 * 16 bits. Values are what a little-endian load of the network-order bytes gives, as in the kernel.
 */

/** csum_add: 32-bit one's-complement addition. */
export function csumAdd(a: number, b: number): number {
  const r = (a >>> 0) + (b >>> 0);
  return (r > 0xffffffff ? r - 0xffffffff : r) >>> 0;
}

export function csumSub(a: number, b: number): number {
  return csumAdd(a, ~b >>> 0);
}

/** csum_fold: 32-bit partial sum → 16-bit checksum (complemented). */
export function csumFold(sum: number): number {
  let s = (sum & 0xffff) + (sum >>> 16);
  s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

/** csum16_add (16-bit one's-complement add). */
function csum16Add(a: number, b: number): number {
  const r = (a & 0xffff) + (b & 0xffff);
  return (r & 0xffff) + (r >>> 16);
}

/** csum_replace2: checksum `sum` after a 16-bit field changed from `from` to `to`. */
export function csumReplace2(sum: number, from: number, to: number): number {
  return ~csum16Add(csum16Add(~sum & 0xffff, ~from & 0xffff), to & 0xffff) & 0xffff;
}

/** csum_replace4: same for a 32-bit field. */
export function csumReplace4(sum: number, from: number, to: number): number {
  const tmp = csumSub(~sum & 0xffff, from >>> 0);
  return csumFold(csumAdd(tmp, to >>> 0));
}

/** csum_replace_by_diff: apply a precomputed 32-bit difference. */
export function csumReplaceByDiff(sum: number, diff: number): number {
  return csumFold(csumAdd(diff >>> 0, ~sum & 0xffff));
}

/**
 * csum_partial(buf, len, seed) as x86-64 computes it: one's-complement sum of little-endian words
 * (any trailing 2 or 1 bytes included the same way), folded to 32 bits.
 */
export function csumPartial(buf: Uint8Array, seed: number): number {
  let sum = seed >>> 0;
  let i = 0;
  for (; i + 4 <= buf.length; i += 4) sum = csumAdd(sum, (buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24)) >>> 0);
  if (i + 2 <= buf.length) {
    sum = csumAdd(sum, buf[i]! | (buf[i + 1]! << 8));
    i += 2;
  }
  if (i < buf.length) sum = csumAdd(sum, buf[i]!);
  return sum;
}
