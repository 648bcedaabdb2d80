/**
 * A function body under construction: locals and the instruction stream. When `wat` is on it
 * also records each instruction as a line of WebAssembly text (with comments the code generator
 * adds), which is what `tsbpf jit --dump` prints; off, it costs nothing.
 */
import { ByteWriter } from './encoder.js';
import {
  BulkOp, ImmOp, MemOp, type MemOpName, Op, type SimpleOp, type ValType, valTypeName,
} from './opcodes.js';

/** Block signature: empty, one result, or a type index for multi-value blocks. */
export type BlockType = 'void' | ValType;

export class FunctionBody {
  readonly code = new ByteWriter();
  /** Local types after the parameters. */
  readonly locals: ValType[] = [];
  readonly lines: string[] | undefined;
  /** WAT names of parameters and locals by index (only with `wat`). */
  readonly names: string[] = [];
  /** WAT names of the module's globals by index, if the module builder provides them. */
  globalNames: readonly string[] = [];
  private depth = 1;
  /** Constructs (block, loop, if) open at this point of the body. */
  nesting = 0;
  private readonly paramCount: number;

  constructor(params: readonly ValType[], wat = false, paramNames: readonly string[] = []) {
    this.paramCount = params.length;
    this.lines = wat ? [] : undefined;
    params.forEach((_, i) => this.names.push(paramNames[i] ?? `p${i}`));
  }

  /** Declares a local and returns its index. */
  local(type: ValType, name = ''): number {
    this.locals.push(type);
    const index = this.paramCount + this.locals.length - 1;
    this.names.push(name || `l${index}`);
    return index;
  }

  private localName(index: number): string {
    return `$${this.names[index] ?? index}`;
  }

  private text(line: string): void {
    this.lines?.push('  '.repeat(this.depth) + line);
  }

  /** A comment line in the WAT dump. */
  note(text: string): void {
    if (this.lines) for (const l of text.split('\n')) this.text(`;; ${l}`);
  }

  op(name: SimpleOp): this {
    if (name === 'end') this.nesting--;
    if (name === 'end' || name === 'else') this.depth--;
    this.code.u8(Op[name]);
    this.text(name);
    if (name === 'else') this.depth++;
    return this;
  }

  private blockStart(kind: 'block' | 'loop' | 'if', type: BlockType, label: string): this {
    this.code.u8(ImmOp[kind]).u8(type === 'void' ? 0x40 : type);
    this.nesting++;
    if (this.lines) this.text(`${kind}${label ? ' $' + label : ''}${type === 'void' ? '' : ` (result ${valTypeName(type)})`}`);
    this.depth++;
    return this;
  }

  block(label = '', type: BlockType = 'void'): this { return this.blockStart('block', type, label); }
  loop(label = '', type: BlockType = 'void'): this { return this.blockStart('loop', type, label); }
  if(label = '', type: BlockType = 'void'): this { return this.blockStart('if', type, label); }
  end(): this { return this.op('end'); }

  /** Depth operand of a branch to the construct that was opened when `nesting` became `level`. */
  depthTo(level: number): number {
    return this.nesting - level;
  }

  br(depth: number, label = ''): this {
    this.code.u8(ImmOp.br).u32(depth);
    if (this.lines) this.text(`br ${label ? '$' + label : depth}`);
    return this;
  }

  brIf(depth: number, label = ''): this {
    this.code.u8(ImmOp.br_if).u32(depth);
    if (this.lines) this.text(`br_if ${label ? '$' + label : depth}`);
    return this;
  }

  brTable(depths: readonly number[], fallback: number): this {
    this.code.u8(ImmOp.br_table).u32(depths.length);
    for (const d of depths) this.code.u32(d);
    this.code.u32(fallback);
    if (this.lines) this.text(`br_table ${[...depths, fallback].join(' ')}`);
    return this;
  }

  call(index: number, name = ''): this {
    this.code.u8(ImmOp.call).u32(index);
    if (this.lines) this.text(`call ${name ? '$' + name : index}`);
    return this;
  }

  get(index: number): this {
    this.code.u8(ImmOp['local.get']).u32(index);
    if (this.lines) this.text(`local.get ${this.localName(index)}`);
    return this;
  }

  set(index: number): this {
    this.code.u8(ImmOp['local.set']).u32(index);
    if (this.lines) this.text(`local.set ${this.localName(index)}`);
    return this;
  }

  tee(index: number): this {
    this.code.u8(ImmOp['local.tee']).u32(index);
    if (this.lines) this.text(`local.tee ${this.localName(index)}`);
    return this;
  }

  globalGet(index: number): this {
    this.code.u8(ImmOp['global.get']).u32(index);
    if (this.lines) this.text(`global.get ${this.globalNames[index] ? '$' + this.globalNames[index] : index}`);
    return this;
  }

  globalSet(index: number): this {
    this.code.u8(ImmOp['global.set']).u32(index);
    if (this.lines) this.text(`global.set ${this.globalNames[index] ? '$' + this.globalNames[index] : index}`);
    return this;
  }

  i32(value: number): this {
    this.code.u8(ImmOp['i32.const']).i32(value);
    if (this.lines) this.text(`i32.const ${value | 0}`);
    return this;
  }

  /** i64.const of a small integer (|value| < 2^31) without BigInt arithmetic. */
  i64n(value: number): this {
    this.code.u8(ImmOp['i64.const']).i32(value);
    if (this.lines) this.text(`i64.const ${value}`);
    return this;
  }

  i64(value: bigint): this {
    this.code.u8(ImmOp['i64.const']).i64(value);
    if (this.lines) this.text(`i64.const ${BigInt.asIntN(64, value)}`);
    return this;
  }

  /** A load or store with a constant offset (align is the natural alignment hint). */
  mem(name: MemOpName, offset = 0): this {
    const [code, align] = MemOp[name];
    this.code.u8(code).u32(align).u32(offset);
    if (this.lines) this.text(offset ? `${name} offset=${offset}` : name);
    return this;
  }

  bulk(name: keyof typeof BulkOp): this {
    this.code.u8(0xfc).u32(BulkOp[name]);
    if (name === 'memory.copy') this.code.u8(0).u8(0);
    else this.code.u8(0);
    this.text(name);
    return this;
  }

  /** The encoded body: local declarations (run-length grouped) then code and the final `end`. */
  encode(): ByteWriter {
    const out = new ByteWriter();
    const groups: [number, ValType][] = [];
    for (const t of this.locals) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    out.u32(groups.length);
    for (const [n, t] of groups) out.u32(n).u8(t);
    out.bytes(this.code.finish()).u8(Op.end);
    return out;
  }
}
