/**
 * CO-RE relocations applied the way libbpf applies them (tools/lib/bpf/relo_core.c,
 * `bpf_core_calc_relo_insn` and `bpf_core_patch_insn`): each record's local spec is matched
 * against every candidate type of the kernel's BTF, all matches must agree, and the instruction's
 * immediate, offset, memory size or 64-bit constant is rewritten. A relocation that finds no
 * target where a value is needed poisons the instruction (`call 0xbad2310`, which the verifier
 * reports as `invalid func unknown#195896080` if it is reachable); one that is ambiguous or
 * malformed fails the load, as it does in libbpf.
 */
import type { Insn } from '../isa/index.js';
import { Class, Mode, Size, Source } from '../isa/index.js';
import { type Btf, BTF_KIND } from './btf.js';
import { CORE_RELO, type CoreRelo } from './btf-ext.js';
import {
  CoreError, findCandidates, isAnyEnum, isEnumvalBased, isFieldBased, isTypeBased, matchSpec, parseSpec,
  resolveSize, skipModsAndTypedefs, type Spec,
} from './core-match.js';

/** libbpf's poison helper id: 0xbad2310, "bad relo". */
export const CORE_POISON_IMM = 0xbad2310;
const CALL = Class.JMP | 0x80;
const LDDW = Class.LD | Mode.IMM | Size.DW;
const INT_SIGNED = 1;
const SHRT_MAX = 0x7fff;

/** What a relocation resolves to (libbpf's `struct bpf_core_relo_res`). */
export interface CoreResult {
  origVal: bigint;
  newVal: bigint;
  poison: boolean;
  /** Whether the instruction must hold `origVal` before patching. */
  validate: boolean;
  /** A load/store whose field changed size in a way that cannot be adjusted. */
  failMemszAdjust: boolean;
  origSize: number;
  newSize: number;
  origTypeId: number;
  newTypeId: number;
}

/** Per-object cache of candidate lists by local type id; matching narrows it, as in libbpf. */
export type CandidateCache = Map<number, number[]>;

/** `bpf_core_calc_relo_insn`: the result of one record against the target BTF. */
export function calcRelocation(relo: CoreRelo, local: Btf, targ: Btf, cache: CandidateCache, littleEndian: boolean): CoreResult {
  const localType = local.types[relo.typeId];
  if (!localType) throw new CoreError('EINVAL', `type [${relo.typeId}] does not exist`);
  let localSpec: Spec;
  try {
    localSpec = parseSpec(local, relo.typeId, relo.access, relo.kind);
  } catch (e) {
    if (e instanceof CoreError) throw new CoreError('EINVAL', `parsing [${relo.typeId}] ${localType.name} + ${relo.access} failed: ${e.message}`);
    throw e;
  }
  if (relo.kind === CORE_RELO.TYPE_ID_LOCAL) {
    // The id is the object's own; nothing to look up and nothing to check (it may move in linking).
    const id = BigInt(localSpec.rootTypeId);
    return { origVal: id, newVal: id, poison: false, validate: false, failMemszAdjust: false, origSize: 0, newSize: 0, origTypeId: 0, newTypeId: 0 };
  }
  if (localType.name === '') throw new CoreError('EOPNOTSUPP', `relocation of anonymous type [${relo.typeId}] is not supported`);
  let cands = cache.get(relo.typeId);
  if (!cands) {
    cands = findCandidates(local, relo.typeId, targ);
    cache.set(relo.typeId, cands);
  }
  let result: CoreResult | undefined;
  let targSpec: Spec | undefined;
  const kept: number[] = [];
  for (const id of cands) {
    const spec = matchSpec(localSpec, targ, id);
    if (!spec) continue;
    const r = calcResult(relo, localSpec, spec, littleEndian);
    if (!result || !targSpec) {
      result = r;
      targSpec = spec;
    } else if (spec.bitOffset !== targSpec.bitOffset) {
      throw new CoreError('EINVAL', `field offset ambiguity: ${targSpec.bitOffset / 8} != ${spec.bitOffset / 8}`);
    } else if (r.poison !== result.poison || r.newVal !== result.newVal) {
      throw new CoreError('EINVAL', `relocation value ambiguity: ${result.poison ? 'failure' : 'success'} ${result.newVal} != ${r.poison ? 'failure' : 'success'} ${r.newVal}`);
    }
    kept.push(id);
  }
  // Later records of the same type only consider the candidates that matched, unless none did
  // (an existence check is expected to find nothing sometimes).
  if (kept.length > 0) cache.set(relo.typeId, kept);
  return result ?? calcResult(relo, localSpec, undefined, littleEndian);
}

/** `bpf_core_calc_relo`: original and new values from the local and (maybe missing) target spec. */
function calcResult(relo: CoreRelo, local: Spec, targ: Spec | undefined, le: boolean): CoreResult {
  const res: CoreResult = { origVal: 0n, newVal: 0n, poison: false, validate: true, failMemszAdjust: false, origSize: 0, newSize: 0, origTypeId: 0, newTypeId: 0 };
  try {
    if (isFieldBased(relo.kind)) {
      const orig = fieldValue(relo.kind, local, le);
      res.origVal = orig.val; res.origSize = orig.size; res.origTypeId = orig.typeId; res.validate = orig.validate;
      const now = fieldValue(relo.kind, targ, le);
      res.newVal = now.val; res.newSize = now.size; res.newTypeId = now.typeId;
      if (res.origSize !== res.newSize && targ) {
        // Only pointers and unsigned integers may be read with a different width (zero extension
        // keeps the value); anything else poisons the load or store.
        const o = local.btf.types[res.origTypeId];
        const n = targ.btf.types[res.newTypeId];
        const bothPtr = o?.kind === BTF_KIND.PTR && n?.kind === BTF_KIND.PTR;
        const bothUnsigned = o?.kind === BTF_KIND.INT && n?.kind === BTF_KIND.INT
          && o.intEncoding !== INT_SIGNED && n.intEncoding !== INT_SIGNED;
        res.failMemszAdjust = !bothPtr && !bothUnsigned;
      }
    } else if (isTypeBased(relo.kind)) {
      res.origVal = typeValue(relo.kind, local);
      res.newVal = typeValue(relo.kind, targ);
      res.validate = relo.kind !== CORE_RELO.TYPE_ID_TARGET;
    } else if (isEnumvalBased(relo.kind)) {
      res.origVal = enumValue(relo.kind, local);
      res.newVal = enumValue(relo.kind, targ);
    } else {
      throw new CoreError('EOPNOTSUPP', `unrecognized CO-RE relocation kind ${relo.kind}`);
    }
  } catch (e) {
    if (e instanceof CoreError && e.errno === 'EUCLEAN') {
      res.poison = true;
      return res;
    }
    throw e;
  }
  return res;
}

interface FieldValue { val: bigint; size: number; typeId: number; validate: boolean }

/** `bpf_core_calc_field_relo`. */
function fieldValue(kind: number, spec: Spec | undefined, le: boolean): FieldValue {
  const out: FieldValue = { val: 0n, size: 0, typeId: 0, validate: true };
  if (kind === CORE_RELO.FIELD_EXISTS) {
    out.val = spec ? 1n : 0n;
    return out;
  }
  if (!spec) throw new CoreError('EUCLEAN', 'no target field');
  const acc = spec.accessors[spec.accessors.length - 1]!;
  if (acc.name === null) {
    // An array element (or the root itself): only its offset and size make sense.
    const size = resolveSize(spec.btf, acc.typeId);
    if (size < 0) throw new CoreError('EINVAL', `type [${acc.typeId}] has no size`);
    if (kind === CORE_RELO.FIELD_BYTE_OFFSET) {
      out.val = BigInt(Math.floor(spec.bitOffset / 8));
      out.size = size;
      out.typeId = acc.typeId;
    } else if (kind === CORE_RELO.FIELD_BYTE_SIZE) {
      out.val = BigInt(size);
    } else {
      throw new CoreError('EINVAL', 'relocation cannot be applied to an array access');
    }
    return out;
  }
  const holder = spec.btf.types[acc.typeId]!;
  const member = holder.members[acc.idx]!;
  const field = skipModsAndTypedefs(spec.btf, member.type);
  if (!field) throw new CoreError('EINVAL', 'dangling type id');
  const bitOff = spec.bitOffset;
  let bitSize = member.bitfieldSize ?? 0;
  const bitfield = bitSize > 0;
  let byteSize: number;
  let byteOff: number;
  if (bitfield) {
    // The smallest aligned load, starting from the field type's size, that covers the bits.
    byteSize = field.t.sizeOrType;
    if (!(byteSize > 0 && byteSize <= 8)) throw new CoreError('EINVAL', `bitfield of type [${field.id}] with size ${byteSize}`);
    byteOff = Math.floor(bitOff / 8 / byteSize) * byteSize;
    while (bitOff + bitSize - byteOff * 8 > byteSize * 8) {
      if (byteSize >= 8) throw new CoreError('E2BIG', 'bitfield cannot be read with a 64-bit load');
      byteSize *= 2;
      byteOff = Math.floor(bitOff / 8 / byteSize) * byteSize;
    }
  } else {
    const size = resolveSize(spec.btf, field.id);
    if (size < 0) throw new CoreError('EINVAL', `type [${field.id}] has no size`);
    byteSize = size;
    byteOff = Math.floor(bitOff / 8);
    bitSize = byteSize * 8;
  }
  // Bitfield offsets may legitimately differ from the compiler's choice: only signedness and the
  // right shift are checked for them.
  out.validate = !bitfield;
  switch (kind) {
    case CORE_RELO.FIELD_BYTE_OFFSET:
      out.val = BigInt(byteOff);
      if (!bitfield) {
        out.size = byteSize;
        out.typeId = field.id;
      }
      break;
    case CORE_RELO.FIELD_BYTE_SIZE:
      out.val = BigInt(byteSize);
      break;
    case CORE_RELO.FIELD_SIGNED:
      out.val = (isAnyEnum(field.t) && field.t.kindFlag) || (field.t.kind === BTF_KIND.INT && ((field.t.intEncoding ?? 0) & INT_SIGNED) !== 0) ? 1n : 0n;
      out.validate = true;
      break;
    case CORE_RELO.FIELD_LSHIFT_U64:
      out.val = BigInt(le ? 64 - (bitOff + bitSize - byteOff * 8) : (8 - byteSize) * 8 + (bitOff - byteOff * 8));
      break;
    case CORE_RELO.FIELD_RSHIFT_U64:
      out.val = BigInt(64 - bitSize);
      out.validate = true;
      break;
    default:
      throw new CoreError('EOPNOTSUPP', `unrecognized field relocation kind ${kind}`);
  }
  return out;
}

/** `bpf_core_calc_type_relo`: a missing target type gives 0, never poison. */
function typeValue(kind: number, spec: Spec | undefined): bigint {
  if (!spec) return 0n;
  switch (kind) {
    case CORE_RELO.TYPE_ID_TARGET: return BigInt(spec.rootTypeId);
    case CORE_RELO.TYPE_EXISTS: case CORE_RELO.TYPE_MATCHES: return 1n;
    case CORE_RELO.TYPE_SIZE: {
      const size = resolveSize(spec.btf, spec.rootTypeId);
      if (size < 0) throw new CoreError('EINVAL', `type [${spec.rootTypeId}] has no size`);
      return BigInt(size);
    }
    default: throw new CoreError('EOPNOTSUPP', `unrecognized type relocation kind ${kind}`);
  }
}

/** `bpf_core_calc_enumval_relo`: 32-bit enumerators are sign-extended, as libbpf reads `__s32`. */
function enumValue(kind: number, spec: Spec | undefined): bigint {
  if (kind === CORE_RELO.ENUMVAL_EXISTS) return spec ? 1n : 0n;
  if (!spec) throw new CoreError('EUCLEAN', 'no target enumerator');
  const acc = spec.accessors[0]!;
  const t = spec.btf.types[acc.typeId]!;
  const v = t.enumerators![acc.idx]!.value;
  return t.kind === BTF_KIND.ENUM ? BigInt.asUintN(64, BigInt.asIntN(32, v)) : BigInt.asUintN(64, v);
}

/** Replaces an instruction (both slots of an LD_IMM64) with libbpf's poison call. */
function poison(slots: Insn[], idx: number): void {
  const first = slots[idx]!;
  const wide = first.code === LDDW;
  slots[idx] = { code: CALL, dst: 0, src: 0, off: 0, imm: CORE_POISON_IMM };
  if (wide && slots[idx + 1]) slots[idx + 1] = { code: CALL, dst: 0, src: 0, off: 0, imm: CORE_POISON_IMM };
}

const SIZE_BYTES: Record<number, number> = { [Size.B]: 1, [Size.H]: 2, [Size.W]: 4, [Size.DW]: 8 };
const BYTES_SIZE: Record<number, number> = { 1: Size.B, 2: Size.H, 4: Size.W, 8: Size.DW };

/** What patching did, in the words of libbpf's debug log. */
export type PatchNote = string;

/** `bpf_core_patch_insn`: rewrites slot `idx` of a code section. */
export function patchInstruction(slots: Insn[], idx: number, res: CoreResult): PatchNote {
  const insn = slots[idx];
  if (!insn) throw new CoreError('EINVAL', `instruction #${idx} does not exist`);
  if (res.poison) {
    poison(slots, idx);
    return `poisoned insn #${idx}`;
  }
  const cls = insn.code & 0x07;
  const u64 = (v: number): bigint => BigInt.asUintN(64, BigInt(v));
  switch (cls) {
    case Class.ALU: case Class.ALU64: {
      if ((insn.code & 0x08) !== Source.K) throw new CoreError('EINVAL', `insn #${idx} (ALU/ALU64) uses a register source`);
      if (res.validate && u64(insn.imm) !== res.origVal) {
        throw new CoreError('EINVAL', `unexpected insn #${idx} (ALU/ALU64) value: got ${insn.imm >>> 0}, exp ${res.origVal} -> ${res.newVal}`);
      }
      const was = insn.imm >>> 0;
      insn.imm = Number(BigInt.asIntN(32, res.newVal));
      return `patched insn #${idx} (ALU/ALU64) imm ${was} -> ${res.newVal}`;
    }
    case Class.LDX: case Class.ST: case Class.STX: {
      if (res.validate && u64(insn.off) !== res.origVal) {
        throw new CoreError('EINVAL', `unexpected insn #${idx} (LDX/ST/STX) value: got ${insn.off & 0xffff}, exp ${res.origVal} -> ${res.newVal}`);
      }
      if (res.newVal > BigInt(SHRT_MAX)) throw new CoreError('ERANGE', `insn #${idx} (LDX/ST/STX) value too big: ${res.newVal}`);
      if (res.failMemszAdjust) {
        poison(slots, idx);
        return `poisoned insn #${idx} (LDX/ST/STX accesses field incorrectly)`;
      }
      const was = insn.off & 0xffff;
      insn.off = Number(res.newVal);
      let note = `patched insn #${idx} (LDX/ST/STX) off ${was} -> ${res.newVal}`;
      if (res.newSize !== res.origSize) {
        const bytes = SIZE_BYTES[insn.code & 0x18]!;
        if (bytes !== res.origSize) throw new CoreError('EINVAL', `insn #${idx} (LDX/ST/STX) unexpected mem size: got ${bytes}, exp ${res.origSize}`);
        const size = BYTES_SIZE[res.newSize];
        if (size === undefined) throw new CoreError('EINVAL', `insn #${idx} (LDX/ST/STX) invalid new mem size: ${res.newSize}`);
        insn.code = (insn.code & 0xe0) | size | cls;
        note += `; mem_sz ${res.origSize} -> ${res.newSize}`;
      }
      return note;
    }
    case Class.LD: {
      const second = slots[idx + 1];
      if (insn.code !== LDDW || insn.src !== 0 || insn.off !== 0 || !second || second.code !== 0 || second.dst !== 0 || second.src !== 0 || second.off !== 0) {
        throw new CoreError('EINVAL', `insn #${idx} (LDIMM64) has unexpected form`);
      }
      const imm = (BigInt(second.imm >>> 0) << 32n) | BigInt(insn.imm >>> 0);
      if (res.validate && imm !== res.origVal) throw new CoreError('EINVAL', `unexpected insn #${idx} (LDIMM64) value: got ${imm}, exp ${res.origVal} -> ${res.newVal}`);
      insn.imm = Number(BigInt.asIntN(32, res.newVal));
      second.imm = Number(BigInt.asIntN(32, res.newVal >> 32n));
      return `patched insn #${idx} (LDIMM64) imm64 ${imm} -> ${res.newVal}`;
    }
    default:
      throw new CoreError('EINVAL', `trying to relocate unrecognized insn #${idx}, code:0x${insn.code.toString(16)}`);
  }
}
