/**
 * The helper interface shared by every execution tier (interpreter, JIT, program types, maps).
 *
 * A helper is a plain JS function over 64-bit values. BigInt keeps the signature identical to a
 * WebAssembly import with i64 parameters, so the JIT can import the very same functions; helper
 * calls are rare compared with ALU work, so the conversion cost stays off the hot path.
 */
import { VmError, type VmErrorKind } from '../errors.js';
import type { AddressSpace } from './memory.js';

/** What a helper may touch while it runs. One object per Vm, reused for every call. */
export interface HelperContext {
  readonly space: AddressSpace;
  /** Program counter (slot index) of the calling instruction. */
  readonly pc: number;
  /**
   * Checks that `size` bytes at VM address `addr` lie inside one region (writable if `write`) and
   * returns the offset of the first byte in `space.bytes`; otherwise throws a `VmError` naming
   * the calling pc, exactly as a load or store would.
   */
  hostOffset(addr: bigint, size: number, write: boolean): number;
  /** A live view of `size` checked bytes at `addr` (invalid once the address space grows). */
  bytes(addr: bigint, size: number, write: boolean): Uint8Array;
  /** Stops the program with a `VmError` at the calling pc. */
  fault(kind: VmErrorKind, detail: string, address?: bigint, size?: number): never;
}

/** A helper: r1..r5 in, r0 out, all as unsigned-or-signed 64-bit BigInts (r0 is taken mod 2^64). */
export type HelperFn = (ctx: HelperContext, r1: bigint, r2: bigint, r3: bigint, r4: bigint, r5: bigint) => bigint;

export interface HelperEntry {
  readonly id: number;
  readonly name: string;
  readonly fn: HelperFn;
  /**
   * uBPF's "unwind" extension: when the helper returns 0 the whole program stops at once with
   * r0 = 0 (see `ubpf_set_unwind_function_index`). Off for ordinary helpers.
   */
  readonly unwindOnZero: boolean;
}

export interface RegisterOptions {
  unwindOnZero?: boolean;
}

/** Helpers by id (as `call imm` and `callx` name them) and by name (for loaders and disassemblers). */
export class HelperTable {
  private readonly byId = new Map<number, HelperEntry>();
  private readonly byName = new Map<string, HelperEntry>();

  constructor(entries: Iterable<HelperEntry> = []) {
    for (const e of entries) this.add(e);
  }

  /** Registers `fn` as helper `id`; replaces an earlier registration of the same id. */
  register(id: number, name: string, fn: HelperFn, options: RegisterOptions = {}): this {
    if (!Number.isInteger(id) || id < -0x80000000 || id > 0xffffffff) throw new RangeError(`helper id ${id} is not a 32-bit integer`);
    return this.add({ id: id | 0, name, fn, unwindOnZero: options.unwindOnZero ?? false });
  }

  private add(entry: HelperEntry): this {
    const old = this.byId.get(entry.id);
    if (old) this.byName.delete(old.name);
    this.byId.set(entry.id, entry);
    this.byName.set(entry.name, entry);
    return this;
  }

  has(id: number): boolean {
    return this.byId.has(id | 0);
  }

  get(id: number): HelperEntry | undefined {
    return this.byId.get(id | 0);
  }

  named(name: string): HelperEntry | undefined {
    return this.byName.get(name);
  }

  entries(): HelperEntry[] {
    return [...this.byId.values()].sort((a, b) => a.id - b.id);
  }

  /** A new table with this table's helpers plus `other`'s (which win on conflicts). */
  with(other: HelperTable): HelperTable {
    return new HelperTable([...this.entries(), ...other.entries()]);
  }
}

/** Throws the `VmError` a helper raises through `ctx.fault`. */
export function helperFault(kind: VmErrorKind, detail: string, pc: number, address?: bigint, size?: number): never {
  throw new VmError(kind, detail, pc, address, size);
}
