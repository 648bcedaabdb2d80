/**
 * Checksum helpers over a packet's bytes (net/core/filter.c): bpf_l3_csum_replace,
 * bpf_l4_csum_replace and bpf_csum_diff, with the kernel's flag checks and error codes.
 */
import { ERRNO } from '../maps/types.js';
import { csumPartial, csumReplace2, csumReplace4, csumReplaceByDiff, csumSub } from './csum.js';

const BPF_F_HDR_FIELD_MASK = 0xfn;
const BPF_F_PSEUDO_HDR = 0x10n;
const BPF_F_MARK_MANGLED_0 = 0x20n;
const BPF_F_MARK_ENFORCE = 0x40n;
const BPF_F_IPV6 = 0x80n;
const CSUM_MANGLED_0 = 0xffff;

const err = (e: number): bigint => BigInt(-e);

/** Replaces the 16-bit checksum at `off` after a field changed; `size` 0 means `to` is a diff. */
function replace(data: Uint8Array, off: number, from: bigint, to: bigint, size: number): boolean {
  const sum = data[off]! | (data[off + 1]! << 8);
  const f = Number(BigInt.asUintN(32, from)), t = Number(BigInt.asUintN(32, to));
  let next: number;
  if (size === 0) next = csumReplaceByDiff(sum, t);
  else if (size === 2) next = csumReplace2(sum, f & 0xffff, t & 0xffff);
  else if (size === 4) next = csumReplace4(sum, f, t);
  else return false;
  data[off] = next & 0xff;
  data[off + 1] = next >> 8;
  return true;
}

export function l3CsumReplace(data: Uint8Array, off: number, from: bigint, to: bigint, flags: bigint): bigint {
  if ((flags & ~BPF_F_HDR_FIELD_MASK) !== 0n) return err(ERRNO.EINVAL);
  if (off > 0xffff || off + 2 > data.length) return err(ERRNO.EFAULT);
  return replace(data, off, from, to, Number(flags & BPF_F_HDR_FIELD_MASK)) ? 0n : err(ERRNO.EINVAL);
}

export function l4CsumReplace(data: Uint8Array, off: number, from: bigint, to: bigint, flags: bigint): bigint {
  const allowed = BPF_F_MARK_MANGLED_0 | BPF_F_MARK_ENFORCE | BPF_F_PSEUDO_HDR | BPF_F_HDR_FIELD_MASK | BPF_F_IPV6;
  if ((flags & ~allowed) !== 0n) return err(ERRNO.EINVAL);
  if (off > 0xffff || off + 2 > data.length) return err(ERRNO.EFAULT);
  const mangled = (flags & BPF_F_MARK_MANGLED_0) !== 0n;
  // A UDP checksum of 0 means "none": leave it alone when asked to (BPF_F_MARK_MANGLED_0).
  if (mangled && data[off] === 0 && data[off + 1] === 0) return 0n;
  if (!replace(data, off, from, to, Number(flags & BPF_F_HDR_FIELD_MASK))) return err(ERRNO.EINVAL);
  if (mangled && data[off] === 0 && data[off + 1] === 0) {
    data[off] = CSUM_MANGLED_0 & 0xff;
    data[off + 1] = CSUM_MANGLED_0 >> 8;
  }
  return 0n;
}

/**
 * bpf_csum_diff as Linux ≥ 6.13 computes it on every architecture: the partial sum of `to` minus
 * that of `from`, seeded, folded to 16 bits with csum_from32to16 (the result fits in 16 bits).
 */
export function csumDiffHelper(from: Uint8Array, fromSize: number, to: Uint8Array, toSize: number, seed: number): bigint {
  if (fromSize % 4 !== 0 || toSize % 4 !== 0 || fromSize + toSize > 512) return err(ERRNO.EINVAL);
  let ret = seed >>> 0;
  if (fromSize && toSize) ret = csumSub(csumPartial(to, ret), csumPartial(from, 0));
  else if (toSize) ret = csumPartial(to, ret);
  else if (fromSize) ret = ~csumPartial(from, ~ret >>> 0) >>> 0;
  return BigInt(csumFrom32to16(ret));
}

/** csum_from32to16: add the halves with end-around carry. */
function csumFrom32to16(sum: number): number {
  const rotated = ((sum >>> 16) | (sum << 16)) >>> 0;
  return ((sum + rotated) >>> 16) & 0xffff;
}
