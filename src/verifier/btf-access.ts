/**
 * BTF-typed pointers (`PTR_TO_BTF_ID`) against the kernel's own BTF: the struct walk that decides
 * what a load through such a pointer yields (`btf_struct_walk`, `btf_struct_access` in
 * kernel/bpf/btf.c), the trust a loaded pointer keeps (`check_ptr_to_btf_access`, the
 * `BTF_TYPE_SAFE_*` lists that vmlinux BTF carries as `<struct>__safe_trusted` … types), and
 * whether a pointer argument is of the struct a helper expects (`btf_struct_ids_match`).
 * Messages are the kernel's words; the caller writes them to the log and rejects.
 */
import { BTF_KIND, type Btf, type BtfType } from '../loader/btf.js';
import { Flag } from './reg.js';

/** One kernel type as a register carries it (interned per BTF: compare by identity). */
export interface BtfRef { readonly id: number; readonly name: string }

/** Kernel BTF with the lookups the verifier needs, built once per `Btf`. */
export class KernelTypes {
  readonly btf: Btf;
  private readonly refs = new Map<number, BtfRef>();
  private byKindName: Map<string, number> | undefined;

  constructor(btf: Btf) {
    this.btf = btf;
  }

  ref(id: number): BtfRef {
    let r = this.refs.get(id);
    if (!r) {
      r = { id, name: this.btf.get(id).name };
      this.refs.set(id, r);
    }
    return r;
  }

  /** `btf_find_by_name_kind`. */
  find(name: string, kind: number): number | undefined {
    if (!this.byKindName) {
      this.byKindName = new Map();
      for (const t of this.btf.types) {
        const key = `${t.kind}:${t.name}`;
        if (t.name && !this.byKindName.has(key)) this.byKindName.set(key, t.id);
      }
    }
    return this.byKindName.get(`${kind}:${name}`);
  }

  structRef(name: string): BtfRef | undefined {
    const id = this.find(name, BTF_KIND.STRUCT);
    return id === undefined ? undefined : this.ref(id);
  }

  /** Skips typedefs, qualifiers and type tags; the id reached (`btf_type_skip_modifiers`). */
  skip(id: number): number {
    for (let guard = 0; guard < 64; guard++) {
      const t = this.btf.get(id);
      if (!isModifier(t)) return id;
      id = t.sizeOrType;
    }
    return id;
  }
}

const cache = new WeakMap<Btf, KernelTypes>();

export function kernelTypes(btf: Btf): KernelTypes {
  let k = cache.get(btf);
  if (!k) {
    k = new KernelTypes(btf);
    cache.set(btf, k);
  }
  return k;
}

function isModifier(t: BtfType): boolean {
  return t.kind === BTF_KIND.TYPEDEF || t.kind === BTF_KIND.VOLATILE || t.kind === BTF_KIND.CONST
    || t.kind === BTF_KIND.RESTRICT || t.kind === BTF_KIND.TYPE_TAG;
}

const isStruct = (t: BtfType): boolean => t.kind === BTF_KIND.STRUCT || t.kind === BTF_KIND.UNION;

/** `btf_type_str`: the kind's name as the log prints it. */
export const KIND_NAME = [
  'UNKNOWN', 'INT', 'PTR', 'ARRAY', 'STRUCT', 'UNION', 'ENUM', 'FWD', 'TYPEDEF', 'VOLATILE', 'CONST',
  'RESTRICT', 'FUNC', 'FUNC_PROTO', 'VAR', 'DATASEC', 'FLOAT', 'DECL_TAG', 'TYPE_TAG', 'ENUM64',
];

type Walk =
  | { kind: 'scalar' }
  | { kind: 'struct'; id: number }
  | { kind: 'ptr'; id: number; flag: number; field: string }
  | { kind: 'ptr_untrusted' }
  | { kind: 'error'; message: string; errno: string };

/** `__btf_resolve_size`: a member's size with arrays linearised (element type and count). */
function resolveSize(k: KernelTypes, id: number): { size: number; elem: number; nelems: number; isArray: boolean } | undefined {
  let nelems = 1;
  let cur = k.skip(id);
  let isArray = false;
  for (let guard = 0; guard < 32; guard++) {
    const t = k.btf.get(cur);
    if (t.kind === BTF_KIND.ARRAY) {
      isArray = true;
      nelems *= t.array!.nelems;
      cur = k.skip(t.array!.type);
      continue;
    }
    let size: number;
    if (t.kind === BTF_KIND.PTR) size = 8;
    else if (t.kind === BTF_KIND.INT || isStruct(t) || t.kind === BTF_KIND.ENUM || t.kind === BTF_KIND.ENUM64 || t.kind === BTF_KIND.FLOAT) size = t.sizeOrType;
    else return undefined;
    return { size: size * nelems, elem: cur, nelems, isArray };
  }
  return undefined;
}

/** `btf_struct_walk`: one level of the walk from struct `id` at [off, off+size). */
function structWalk(k: KernelTypes, id: number, off: number, size: number, flags: { f: number }): Walk {
  let t = k.btf.get(k.skip(id));
  for (let guard = 0; guard < 64; guard++) {
    const tname = t.name;
    if (!isStruct(t)) return { kind: 'error', message: `Type '${tname}' is not a struct`, errno: 'EINVAL' };
    const vlen = t.members.length;
    // Walking unions yields untrusted pointers, except single-member ones (__bpf_md_ptr).
    if (t.kind === BTF_KIND.UNION && vlen !== 1) flags.f |= Flag.UNTRUSTED;
    if (off + size > t.sizeOrType) {
      // A flexible array at the end may be indexed past the struct's size.
      const last = t.members[vlen - 1];
      const beyond = { kind: 'error', message: `access beyond struct ${tname} at off ${off} size ${size}`, errno: 'EACCES' } as const;
      if (!last) return beyond;
      const mt = k.btf.get(k.skip(last.type));
      if (mt.kind !== BTF_KIND.ARRAY || mt.array!.nelems !== 0) return beyond;
      const moff = last.bitOffset / 8;
      if (off < moff) return beyond;
      const elem = k.btf.get(k.skip(mt.array!.type));
      if (elem.kind === BTF_KIND.INT) return { kind: 'scalar' };
      if (!isStruct(elem)) return beyond;
      off = (off - moff) % elem.sizeOrType;
      t = elem;
      continue;
    }
    let descended = false;
    for (const m of t.members) {
      const moffBits = m.bitOffset;
      let moff = Math.floor(moffBits / 8);
      if (off + size <= moff) break;
      if (t.kindFlag && m.bitfieldSize) {
        const endBit = moffBits + m.bitfieldSize;
        if (off <= moff && Math.ceil(endBit / 8) <= off + size) return { kind: 'scalar' };
        continue;
      }
      if (off < moff) break;
      const resolved = resolveSize(k, m.type);
      if (!resolved) return { kind: 'error', message: `field ${m.name} doesn't have size`, errno: 'EFAULT' };
      let msize = resolved.size;
      const mtrueEnd = moff + msize;
      if (off >= mtrueEnd) continue;
      let mid = m.type;
      let mtype = k.btf.get(k.skip(m.type));
      if (resolved.isArray) {
        if (moff === mtrueEnd) continue;
        msize = msize / resolved.nelems;
        const idx = Math.floor((off - moff) / msize);
        moff += idx * msize;
        mid = resolved.elem;
        mtype = k.btf.get(resolved.elem);
      }
      if (isStruct(mtype)) {
        if (mtype.kind === BTF_KIND.UNION && mtype.members.length !== 1) flags.f |= Flag.UNTRUSTED;
        if (off === moff) return { kind: 'struct', id: mid };
        off -= moff;
        t = mtype;
        descended = true;
        break;
      }
      if (mtype.kind === BTF_KIND.PTR) {
        if (msize !== size || off !== moff) {
          return { kind: 'error', message: `cannot access ptr member ${m.name} with moff ${moff} in struct ${tname} with off ${off} size ${size}`, errno: 'EACCES' };
        }
        let tag = 0;
        const pointee = k.btf.get(mtype.sizeOrType);
        if (pointee.kind === BTF_KIND.TYPE_TAG && !pointee.kindFlag) {
          if (pointee.name === 'user') tag = Flag.USER;
          if (pointee.name === 'percpu') tag = Flag.PERCPU;
          if (pointee.name === 'rcu') tag = Flag.RCU;
        }
        const sid = k.skip(mtype.sizeOrType);
        if (isStruct(k.btf.get(sid))) {
          flags.f |= tag;
          return { kind: 'ptr', id: sid, flag: flags.f, field: m.name };
        }
        return { kind: 'ptr_untrusted' };
      }
      if (off + size > mtrueEnd && !(flags.f & Flag.UNTRUSTED)) {
        return { kind: 'error', message: `access beyond the end of member ${m.name} (mend:${mtrueEnd}) in struct ${tname} with off ${off} size ${size}`, errno: 'EACCES' };
      }
      return { kind: 'scalar' };
    }
    if (!descended) return { kind: 'error', message: `struct ${tname} doesn't have field at offset ${off}`, errno: 'EINVAL' };
  }
  return { kind: 'error', message: `struct walk too deep`, errno: 'EINVAL' };
}

export type StructAccess =
  | { kind: 'scalar' }
  | { kind: 'ptr'; btf: BtfRef; flag: number; field: string }
  /** A pointer to a non-struct: read-only untrusted memory of size 0 (`rdonly_untrusted_mem`). */
  | { kind: 'mem_untrusted' }
  | { kind: 'error'; message: string; errno: string };

/** `btf_struct_access`: what a read of `size` bytes at `off` from struct `btf` yields. */
export function btfStructAccess(k: KernelTypes, btf: BtfRef, off: number, size: number): StructAccess {
  let id = btf.id;
  const flags = { f: 0 };
  for (let guard = 0; guard < 64; guard++) {
    const w = structWalk(k, id, off, size, flags);
    switch (w.kind) {
      case 'ptr': return { kind: 'ptr', btf: k.ref(w.id), flag: flags.f, field: w.field };
      case 'ptr_untrusted': return { kind: 'mem_untrusted' };
      case 'scalar': return w;
      case 'struct': id = w.id; off = 0; break;
      default: return w;
    }
  }
  return { kind: 'error', message: 'struct walk too deep', errno: 'EINVAL' };
}

/** `btf_struct_ids_match` (not strict): is a struct `need` found at `off` inside `have`? */
export function btfStructIdsMatch(k: KernelTypes, have: BtfRef, off: number, need: BtfRef): boolean {
  if (off === 0 && have.id === need.id) return true;
  let id = have.id;
  for (let guard = 0; guard < 64; guard++) {
    const w = structWalk(k, id, off, 1, { f: 0 });
    if (w.kind !== 'struct') return false;
    if (k.skip(w.id) === need.id) return true;
    id = w.id;
    off = 0;
  }
  return false;
}

/**
 * `btf_nested_type_is_trusted`: vmlinux BTF lists the fields that keep their parent's trust as
 * members of `<struct>__safe_trusted` (and `__safe_rcu`, `__safe_rcu_or_null`,
 * `__safe_trusted_or_null`), with the field's pointer type.
 */
function nestedTypeIs(k: KernelTypes, parent: BtfRef, field: string, target: BtfRef, suffix: string): boolean {
  const sid = k.find(`${parent.name}${suffix}`, BTF_KIND.STRUCT);
  if (sid === undefined) return false;
  for (const m of k.btf.get(sid).members) {
    if (m.name !== field) continue;
    const mt = k.btf.get(k.skip(m.type));
    if (mt.kind !== BTF_KIND.PTR) return false;
    const pointee = k.btf.get(k.skip(mt.sizeOrType));
    // Compared by name: the safe list may name a forward declaration of the same struct.
    return pointee.name === target.name;
  }
  return false;
}

/**
 * The flags of a pointer loaded through a PTR_TO_BTF_ID register (`check_ptr_to_btf_access`), for
 * a non-sleepable program (always inside an RCU read-side section).
 */
export function loadedPointerFlags(k: KernelTypes, base: { btf: BtfRef; flags: number; refObjId: number }, got: { btf: BtfRef; flag: number; field: string }): number {
  let flag = got.flag;
  if (base.flags & Flag.UNTRUSTED) return Flag.UNTRUSTED;
  const trustedBase = base.refObjId !== 0 || ((base.flags & Flag.TRUSTED) !== 0 && !(base.flags & (Flag.UNTRUSTED | Flag.USER | Flag.PERCPU)));
  const rcuBase = (base.flags & Flag.RCU) !== 0;
  const clear = (f: number): number => f & ~(Flag.TRUSTED | Flag.RCU);
  if (!trustedBase && !rcuBase) return clear(flag);
  if (nestedTypeIs(k, base.btf, got.field, got.btf, '__safe_trusted')) return flag | Flag.TRUSTED;
  if (nestedTypeIs(k, base.btf, got.field, got.btf, '__safe_trusted_or_null')) return flag | Flag.TRUSTED | Flag.MAYBE_NULL;
  if (!(base.flags & Flag.MAYBE_NULL)) {
    if (nestedTypeIs(k, base.btf, got.field, got.btf, '__safe_rcu')) return flag | Flag.RCU;
    const rcuOrNull = nestedTypeIs(k, base.btf, got.field, got.btf, '__safe_rcu_or_null');
    if ((flag & Flag.RCU) || rcuOrNull) {
      flag |= Flag.RCU | Flag.MAYBE_NULL;
      if (rcuOrNull && (flag & Flag.UNTRUSTED)) flag &= ~Flag.UNTRUSTED;
      return flag;
    }
    if (flag & (Flag.PERCPU | Flag.USER)) return flag;
    return clear(flag);
  }
  return Flag.UNTRUSTED;
}
