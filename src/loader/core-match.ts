/**
 * CO-RE type matching, as libbpf decides it (tools/lib/bpf/relo_core.c): access specs, candidate
 * types by "essential" name, and the three compatibility relations (fields, types, `matches`).
 * One spec describes what a relocated instruction touches: the root type, the chain of named
 * fields and array indices (high-level accessors), the raw access string and the bit offset.
 */
import { type Btf, BTF_KIND, type BtfType } from './btf.js';
import { CORE_RELO } from './btf-ext.js';

/** libbpf's errno-style reasons, kept so messages and poisoning follow its decisions. */
export type CoreErrno = 'EINVAL' | 'E2BIG' | 'EUCLEAN' | 'EOPNOTSUPP' | 'ERANGE';

export class CoreError extends Error {
  readonly errno: CoreErrno;
  constructor(errno: CoreErrno, message: string) {
    super(message);
    this.errno = errno;
  }
}

export interface Accessor {
  /** Struct/union holding the field, or the array element type. */
  typeId: number;
  /** Member index or array index. */
  idx: number;
  /** Member name; null for an array index. */
  name: string | null;
}

export interface Spec {
  btf: Btf;
  rootTypeId: number;
  kind: number;
  accessors: Accessor[];
  raw: number[];
  bitOffset: number;
}

/** libbpf's BPF_CORE_SPEC_MAX_LEN. */
const SPEC_MAX_LEN = 64;
const MAX_DEPTH = 32;

export function isFieldBased(kind: number): boolean {
  return kind <= CORE_RELO.FIELD_RSHIFT_U64;
}
export function isTypeBased(kind: number): boolean {
  return kind === CORE_RELO.TYPE_ID_LOCAL || kind === CORE_RELO.TYPE_ID_TARGET || kind === CORE_RELO.TYPE_EXISTS
    || kind === CORE_RELO.TYPE_SIZE || kind === CORE_RELO.TYPE_MATCHES;
}
export function isEnumvalBased(kind: number): boolean {
  return kind === CORE_RELO.ENUMVAL_EXISTS || kind === CORE_RELO.ENUMVAL_VALUE;
}

export function typeAt(btf: Btf, id: number): BtfType | undefined {
  return btf.types[id];
}

/** Follows typedefs and qualifiers; undefined for a dangling id. */
export function skipModsAndTypedefs(btf: Btf, id: number): { t: BtfType; id: number } | undefined {
  for (let guard = 0; guard < 64; guard++) {
    const t = btf.types[id];
    if (!t) return undefined;
    if (t.kind !== BTF_KIND.TYPEDEF && t.kind !== BTF_KIND.VOLATILE && t.kind !== BTF_KIND.CONST
      && t.kind !== BTF_KIND.RESTRICT && t.kind !== BTF_KIND.TYPE_TAG) return { t, id };
    id = t.sizeOrType;
  }
  return undefined;
}

/** `btf__resolve_size`: a negative answer is an error. */
export function resolveSize(btf: Btf, id: number): number {
  try {
    return btf.sizeOf(id);
  } catch {
    return -1;
  }
}

export const isComposite = (t: BtfType): boolean => t.kind === BTF_KIND.STRUCT || t.kind === BTF_KIND.UNION;
export const isAnyEnum = (t: BtfType): boolean => t.kind === BTF_KIND.ENUM || t.kind === BTF_KIND.ENUM64;

/** Kinds CO-RE treats as the same (enum and enum64 are interchangeable). */
export function kindsCompatible(a: BtfType, b: BtfType): boolean {
  return a.kind === b.kind || (isAnyEnum(a) && isAnyEnum(b));
}

/**
 * Length of a name without its `___flavor` suffix: the last `X___Y` where neither X nor Y is an
 * underscore marks where the flavor starts (`task_struct___old` → `task_struct`).
 */
export function essentialNameLength(name: string): number {
  for (let i = name.length - 5; i >= 0; i--) {
    if (name[i] !== '_' && name[i + 1] === '_' && name[i + 2] === '_' && name[i + 3] === '_' && name[i + 4] !== '_') return i + 1;
  }
  return name.length;
}

export function essentialName(name: string): string {
  return name.slice(0, essentialNameLength(name));
}

function sameEssentialName(a: string, b: string): boolean {
  const la = essentialNameLength(a);
  return la === essentialNameLength(b) && a.slice(0, la) === b.slice(0, la);
}

/** A zero-length array that is the last member of the struct named by the accessor before it. */
function isFlexArray(btf: Btf, prev: Accessor | undefined, nelems: number): boolean {
  if (!prev || prev.name === null || nelems > 0) return false;
  const t = btf.types[prev.typeId];
  return !!t && prev.idx === t.vlen - 1;
}

/** `bpf_core_parse_spec`: the access string walked through the local BTF. */
export function parseSpec(btf: Btf, typeId: number, access: string, kind: number): Spec {
  const spec: Spec = { btf, rootTypeId: typeId, kind, accessors: [], raw: [], bitOffset: 0 };
  if (access === '' || access.startsWith(':')) throw new CoreError('EINVAL', `bad access string '${access}'`);
  if (isTypeBased(kind)) {
    if (access !== '0') throw new CoreError('EINVAL', `type relocation with access string '${access}' (expected '0')`);
    return spec;
  }
  for (const part of access.split(':')) {
    if (!/^[+-]?\d+/.test(part)) throw new CoreError('EINVAL', `bad access string '${access}'`);
    if (spec.raw.length === SPEC_MAX_LEN) throw new CoreError('E2BIG', `access string '${access}' is too long`);
    spec.raw.push(parseInt(part, 10));
  }
  const root = skipModsAndTypedefs(btf, typeId);
  if (!root) throw new CoreError('EINVAL', `type [${typeId}] does not exist`);
  let id = root.id;
  let accessIdx = spec.raw[0]!;
  spec.accessors.push({ typeId: id, idx: accessIdx, name: null });
  if (isEnumvalBased(kind)) {
    const values = root.t.enumerators;
    if (!isAnyEnum(root.t) || spec.raw.length > 1 || !values || accessIdx < 0 || accessIdx >= values.length) {
      throw new CoreError('EINVAL', `enum value access '${access}' on [${typeId}] does not name an enumerator`);
    }
    spec.accessors[0]!.name = values[accessIdx]!.name;
    return spec;
  }
  if (!isFieldBased(kind)) throw new CoreError('EINVAL', `unknown relocation kind ${kind}`);
  let size = resolveSize(btf, id);
  if (size < 0) throw new CoreError('EINVAL', `type [${id}] has no size`);
  spec.bitOffset = accessIdx * size * 8;
  for (let i = 1; i < spec.raw.length; i++) {
    const cur = skipModsAndTypedefs(btf, id);
    if (!cur) throw new CoreError('EINVAL', `type [${id}] does not exist`);
    accessIdx = spec.raw[i]!;
    if (isComposite(cur.t)) {
      const m = cur.t.members[accessIdx];
      if (!m || accessIdx < 0) throw new CoreError('EINVAL', `member ${accessIdx} of [${cur.id}] does not exist`);
      spec.bitOffset += m.bitOffset;
      if (m.name) spec.accessors.push({ typeId: cur.id, idx: accessIdx, name: m.name });
      id = m.type;
    } else if (cur.t.kind === BTF_KIND.ARRAY) {
      const a = cur.t.array!;
      const elem = skipModsAndTypedefs(btf, a.type);
      if (!elem) throw new CoreError('EINVAL', `type [${a.type}] does not exist`);
      id = elem.id;
      const flex = isFlexArray(btf, spec.accessors[spec.accessors.length - 1], a.nelems);
      if (!flex && accessIdx >= a.nelems) throw new CoreError('EINVAL', `index ${accessIdx} is outside array [${cur.id}] of ${a.nelems}`);
      spec.accessors.push({ typeId: id, idx: accessIdx, name: null });
      size = resolveSize(btf, id);
      if (size < 0) throw new CoreError('EINVAL', `type [${id}] has no size`);
      spec.bitOffset += accessIdx * size * 8;
    } else {
      throw new CoreError('EINVAL', `relo for [${typeId}] ${access} (at idx ${i}) captures type [${cur.id}] of unexpected kind`);
    }
  }
  return spec;
}

/** `bpf_core_fields_are_compat`: may a field of local type be read as one of target type. */
function fieldsCompatible(local: Btf, localId: number, targ: Btf, targId: number): boolean {
  for (let depth = MAX_DEPTH; depth > 0; depth--) {
    const l = skipModsAndTypedefs(local, localId);
    const t = skipModsAndTypedefs(targ, targId);
    if (!l || !t) throw new CoreError('EINVAL', 'dangling type id');
    if (isComposite(l.t) && isComposite(t.t)) return true;
    if (!kindsCompatible(l.t, t.t)) return false;
    switch (l.t.kind) {
      case BTF_KIND.PTR: case BTF_KIND.FLOAT: return true;
      case BTF_KIND.FWD: case BTF_KIND.ENUM: case BTF_KIND.ENUM64: {
        // one of them anonymous, or both with the same flavor-less name
        const ll = essentialNameLength(l.t.name);
        const tl = essentialNameLength(t.t.name);
        return ll === 0 || tl === 0 || sameEssentialName(l.t.name, t.t.name);
      }
      case BTF_KIND.INT: return (l.t.intOffset ?? 0) === 0 && (t.t.intOffset ?? 0) === 0;
      case BTF_KIND.ARRAY:
        localId = l.t.array!.type;
        targId = t.t.array!.type;
        continue;
      default: return false;
    }
  }
  throw new CoreError('EINVAL', 'type nesting too deep');
}

/** `bpf_core_types_are_compat` (TYPE_EXISTS, TYPE_SIZE, TYPE_ID_TARGET). */
export function typesCompatible(local: Btf, localId: number, targ: Btf, targId: number, level = MAX_DEPTH): boolean {
  const l0 = local.types[localId];
  const t0 = targ.types[targId];
  if (!l0 || !t0 || !kindsCompatible(l0, t0)) return false;
  for (let depth = MAX_DEPTH; depth > 0; depth--) {
    const l = skipModsAndTypedefs(local, localId);
    const t = skipModsAndTypedefs(targ, targId);
    if (!l || !t) throw new CoreError('EINVAL', 'dangling type id');
    if (!kindsCompatible(l.t, t.t)) return false;
    switch (l.t.kind) {
      case BTF_KIND.UNKN: case BTF_KIND.STRUCT: case BTF_KIND.UNION: case BTF_KIND.ENUM:
      case BTF_KIND.FWD: case BTF_KIND.ENUM64:
        return true;
      case BTF_KIND.INT: return (l.t.intOffset ?? 0) === 0 && (t.t.intOffset ?? 0) === 0;
      case BTF_KIND.PTR:
        localId = l.t.sizeOrType;
        targId = t.t.sizeOrType;
        continue;
      case BTF_KIND.ARRAY:
        localId = l.t.array!.type;
        targId = t.t.array!.type;
        continue;
      case BTF_KIND.FUNC_PROTO: {
        if (l.t.members.length !== t.t.members.length) return false;
        for (let i = 0; i < l.t.members.length; i++) {
          if (level <= 0) throw new CoreError('EINVAL', 'function prototype nesting too deep');
          const lp = skipModsAndTypedefs(local, l.t.members[i]!.type);
          const tp = skipModsAndTypedefs(targ, t.t.members[i]!.type);
          if (!lp || !tp) throw new CoreError('EINVAL', 'dangling type id');
          if (!typesCompatible(local, lp.id, targ, tp.id, level - 1)) return false;
        }
        localId = l.t.sizeOrType;
        targId = t.t.sizeOrType;
        continue;
      }
      default: return false;
    }
  }
  throw new CoreError('EINVAL', 'type nesting too deep');
}

/** Names equal modulo flavor; an anonymous target matches only an anonymous local. */
function namesMatch(local: string, targ: string): boolean {
  if (targ === '') return local === '';
  return sameEssentialName(local, targ);
}

/** `bpf_core_types_match` (TYPE_MATCHES): a stricter, recursive shape comparison. */
export function typesMatch(local: Btf, localId: number, targ: Btf, targId: number, behindPtr = false, level = MAX_DEPTH): boolean {
  if (level <= 0) throw new CoreError('EINVAL', 'type nesting too deep');
  for (let depth = MAX_DEPTH; depth > 0; depth--) {
    const l = skipModsAndTypedefs(local, localId);
    const t = skipModsAndTypedefs(targ, targId);
    if (!l || !t) throw new CoreError('EINVAL', 'dangling type id');
    if (!namesMatch(l.t.name, t.t.name)) return false;
    const lk = l.t.kind;
    const tk = t.t.kind;
    switch (lk) {
      case BTF_KIND.UNKN: return tk === lk;
      case BTF_KIND.FWD:
        if (behindPtr && lk !== tk) return (tk === BTF_KIND.STRUCT && !l.t.kindFlag) || (tk === BTF_KIND.UNION && l.t.kindFlag);
        return lk === tk && l.t.kindFlag === t.t.kindFlag;
      case BTF_KIND.ENUM: case BTF_KIND.ENUM64:
        return isAnyEnum(t.t) && enumsMatch(l.t, t.t);
      case BTF_KIND.STRUCT: case BTF_KIND.UNION:
        if (behindPtr) return lk === tk || (tk === BTF_KIND.FWD && (lk === BTF_KIND.UNION) === t.t.kindFlag);
        return lk === tk && compositesMatch(local, l.t, targ, t.t, behindPtr, level);
      case BTF_KIND.INT:
        return lk === tk && l.t.intBits === t.t.intBits && ((l.t.intEncoding ?? 0) & 1) === ((t.t.intEncoding ?? 0) & 1);
      case BTF_KIND.PTR:
        if (lk !== tk) return false;
        behindPtr = true;
        localId = l.t.sizeOrType;
        targId = t.t.sizeOrType;
        continue;
      case BTF_KIND.ARRAY:
        if (lk !== tk || l.t.array!.nelems !== t.t.array!.nelems) return false;
        localId = l.t.array!.type;
        targId = t.t.array!.type;
        continue;
      case BTF_KIND.FUNC_PROTO:
        if (lk !== tk || l.t.members.length !== t.t.members.length) return false;
        for (let i = 0; i < l.t.members.length; i++) {
          if (!typesMatch(local, l.t.members[i]!.type, targ, t.t.members[i]!.type, behindPtr, level - 1)) return false;
        }
        localId = l.t.sizeOrType;
        targId = t.t.sizeOrType;
        continue;
      default: return false;
    }
  }
  throw new CoreError('EINVAL', 'type nesting too deep');
}

function enumsMatch(l: BtfType, t: BtfType): boolean {
  if (l.sizeOrType !== t.sizeOrType) return false;
  const lv = l.enumerators ?? [];
  const tv = t.enumerators ?? [];
  if (lv.length > tv.length) return false;
  return lv.every((e) => tv.some((x) => namesMatch(e.name, x.name)));
}

function compositesMatch(local: Btf, l: BtfType, targ: Btf, t: BtfType, behindPtr: boolean, level: number): boolean {
  if (l.members.length > t.members.length) return false;
  return l.members.every((lm) => t.members.some((tm) => namesMatch(lm.name, tm.name)
    && typesMatch(local, lm.type, targ, tm.type, behindPtr, level - 1)));
}

/**
 * `bpf_core_match_member`: finds the local accessor's field in a target struct, descending into
 * anonymous members; extends the target spec (raw path and bit offset) on the way.
 */
function matchMember(local: Btf, acc: Accessor, targ: Btf, targId: number, spec: Spec): { found: boolean; next: number } {
  const cur = skipModsAndTypedefs(targ, targId);
  if (!cur) throw new CoreError('EINVAL', 'dangling type id');
  if (!isComposite(cur.t)) return { found: false, next: 0 };
  const localMember = local.types[acc.typeId]!.members[acc.idx]!;
  for (let i = 0; i < cur.t.members.length; i++) {
    const m = cur.t.members[i]!;
    if (spec.raw.length === SPEC_MAX_LEN) throw new CoreError('E2BIG', 'target field nesting too deep');
    spec.bitOffset += m.bitOffset;
    spec.raw.push(i);
    if (m.name === '') {
      const inner = matchMember(local, acc, targ, m.type, spec);
      if (inner.found) return inner;
    } else if (m.name === localMember.name) {
      spec.accessors.push({ typeId: cur.id, idx: i, name: m.name });
      const ok = fieldsCompatible(local, localMember.type, targ, m.type);
      if (!ok) spec.accessors.pop();
      return { found: ok, next: m.type };
    }
    spec.bitOffset -= m.bitOffset;
    spec.raw.pop();
  }
  return { found: false, next: 0 };
}

/** `bpf_core_spec_match`: the target spec for candidate `targId`, or undefined when it does not match. */
export function matchSpec(localSpec: Spec, targ: Btf, targId: number): Spec | undefined {
  const spec: Spec = { btf: targ, rootTypeId: targId, kind: localSpec.kind, accessors: [], raw: [], bitOffset: 0 };
  const local = localSpec.btf;
  if (isTypeBased(localSpec.kind)) {
    const ok = localSpec.kind === CORE_RELO.TYPE_MATCHES
      ? typesMatch(local, localSpec.rootTypeId, targ, targId)
      : typesCompatible(local, localSpec.rootTypeId, targ, targId);
    return ok ? spec : undefined;
  }
  if (isEnumvalBased(localSpec.kind)) {
    const cur = skipModsAndTypedefs(targ, targId);
    if (!cur || !isAnyEnum(cur.t)) return undefined;
    const want = localSpec.accessors[0]!.name ?? '';
    const values = cur.t.enumerators ?? [];
    const i = values.findIndex((e) => sameEssentialName(want, e.name));
    if (i < 0) return undefined;
    spec.accessors.push({ typeId: cur.id, idx: i, name: values[i]!.name });
    spec.raw.push(i);
    return spec;
  }
  if (!isFieldBased(localSpec.kind)) throw new CoreError('EINVAL', `unknown relocation kind ${localSpec.kind}`);
  let id = targId;
  for (let i = 0; i < localSpec.accessors.length; i++) {
    const acc = localSpec.accessors[i]!;
    const cur = skipModsAndTypedefs(targ, id);
    if (!cur) throw new CoreError('EINVAL', 'dangling type id');
    id = cur.id;
    if (acc.name !== null) {
      const r = matchMember(local, acc, targ, id, spec);
      if (!r.found) return undefined;
      id = r.next;
      continue;
    }
    // For the first accessor the root is already the element type; later ones index an array.
    if (i > 0) {
      if (cur.t.kind !== BTF_KIND.ARRAY) return undefined;
      const a = cur.t.array!;
      const flex = isFlexArray(targ, spec.accessors[spec.accessors.length - 1], a.nelems);
      if (!flex && acc.idx >= a.nelems) return undefined;
      const elem = skipModsAndTypedefs(targ, a.type);
      if (!elem) throw new CoreError('EINVAL', 'dangling type id');
      id = elem.id;
    }
    if (spec.raw.length === SPEC_MAX_LEN) throw new CoreError('E2BIG', 'target field nesting too deep');
    spec.accessors.push({ typeId: id, idx: acc.idx, name: null });
    spec.raw.push(acc.idx);
    const size = resolveSize(targ, id);
    if (size < 0) throw new CoreError('EINVAL', `type [${id}] has no size`);
    spec.bitOffset += acc.idx * size * 8;
  }
  return spec;
}

const candidateIndexes = new WeakMap<Btf, Map<string, number[]>>();

/**
 * `bpf_core_find_cands` against one target BTF: named types of a compatible kind whose essential
 * name equals the local type's essential name, in id order.
 */
export function findCandidates(local: Btf, localId: number, targ: Btf): number[] {
  const lt = local.types[localId];
  if (!lt || lt.name === '') throw new CoreError('EINVAL', `type [${localId}] is anonymous`);
  let index = candidateIndexes.get(targ);
  if (!index) {
    index = new Map();
    for (const t of targ.types) {
      if (t.name === '' || t.id === 0) continue;
      const key = essentialName(t.name);
      const list = index.get(key);
      if (list) list.push(t.id);
      else index.set(key, [t.id]);
    }
    candidateIndexes.set(targ, index);
  }
  return (index.get(essentialName(lt.name)) ?? []).filter((id) => kindsCompatible(targ.types[id]!, lt));
}
