/**
 * A WebAssembly module under construction: function types, imports (functions, one memory,
 * globals), defined functions and globals, exports. `encode` gives the binary, `toWat` the text
 * form (function bodies as recorded by `FunctionBody` with `wat` on).
 */
import type { FunctionBody } from './body.js';
import { ByteWriter } from './encoder.js';
import { type ValType, valTypeName } from './opcodes.js';

export interface FuncType {
  params: readonly ValType[];
  results: readonly ValType[];
}

interface ImportedFunc { module: string; name: string; type: number; label: string }
interface DefinedFunc { type: number; body: FunctionBody; label: string; export?: string }
interface DefinedGlobal { type: ValType; mutable: boolean; init: bigint; label: string; export?: string }

const SECTION = { type: 1, import: 2, function: 3, global: 6, export: 7, code: 10 } as const;

export class ModuleBuilder {
  private readonly types: FuncType[] = [];
  private readonly typeKeys = new Map<string, number>();
  private readonly importedFuncs: ImportedFunc[] = [];
  private readonly funcs: DefinedFunc[] = [];
  private readonly globals: DefinedGlobal[] = [];
  private memoryImport: { module: string; name: string } | undefined;

  /** Index of a function type, deduplicated. */
  type(params: readonly ValType[], results: readonly ValType[]): number {
    const key = `${params.join(',')}:${results.join(',')}`;
    let index = this.typeKeys.get(key);
    if (index === undefined) {
      index = this.types.length;
      this.types.push({ params, results });
      this.typeKeys.set(key, index);
    }
    return index;
  }

  importMemory(module: string, name: string): void {
    this.memoryImport = { module, name };
  }

  /** Imports a function; all imports must come before the first defined function is referenced. */
  importFunc(module: string, name: string, params: readonly ValType[], results: readonly ValType[]): number {
    this.importedFuncs.push({ module, name, type: this.type(params, results), label: name });
    return this.importedFuncs.length - 1;
  }

  /** Reserves a defined function's index; its body is attached with `define`. */
  declareFunc(label: string, params: readonly ValType[], results: readonly ValType[], exportName?: string): number {
    const f: DefinedFunc = { type: this.type(params, results), body: undefined as unknown as FunctionBody, label };
    if (exportName !== undefined) f.export = exportName;
    this.funcs.push(f);
    return this.importedFuncs.length + this.funcs.length - 1;
  }

  /** WAT labels of the globals defined so far, by index. */
  globalLabels(): string[] {
    return this.globals.map((g) => g.label);
  }

  define(funcIndex: number, body: FunctionBody): void {
    this.funcs[funcIndex - this.importedFuncs.length]!.body = body;
  }

  funcType(funcIndex: number): FuncType {
    const f = funcIndex < this.importedFuncs.length ? this.importedFuncs[funcIndex]! : this.funcs[funcIndex - this.importedFuncs.length]!;
    return this.types[f.type]!;
  }

  global(label: string, type: ValType, init: bigint, exportName?: string): number {
    const g: DefinedGlobal = { type, mutable: true, init, label };
    if (exportName !== undefined) g.export = exportName;
    this.globals.push(g);
    return this.globals.length - 1;
  }

  encode(): Uint8Array<ArrayBuffer> {
    const out = new ByteWriter().bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    const section = (id: number, fill: (w: ByteWriter) => void): void => {
      const w = new ByteWriter();
      fill(w);
      out.u8(id).sized(w);
    };
    section(SECTION.type, (w) => {
      w.u32(this.types.length);
      for (const t of this.types) {
        w.u8(0x60).u32(t.params.length).bytes(t.params).u32(t.results.length).bytes(t.results);
      }
    });
    section(SECTION.import, (w) => {
      w.u32(this.importedFuncs.length + (this.memoryImport ? 1 : 0));
      if (this.memoryImport) w.name(this.memoryImport.module).name(this.memoryImport.name).u8(0x02).u8(0x00).u32(0);
      for (const f of this.importedFuncs) w.name(f.module).name(f.name).u8(0x00).u32(f.type);
    });
    section(SECTION.function, (w) => {
      w.u32(this.funcs.length);
      for (const f of this.funcs) w.u32(f.type);
    });
    if (this.globals.length) {
      section(SECTION.global, (w) => {
        w.u32(this.globals.length);
        for (const g of this.globals) {
          w.u8(g.type).u8(g.mutable ? 1 : 0);
          if (g.type === 0x7f) w.u8(0x41).i32(Number(g.init));
          else if (g.type === 0x7e) w.u8(0x42).i64(g.init);
          else w.u8(0x44).bytes(new Uint8Array(new Float64Array([Number(g.init)]).buffer));
          w.u8(0x0b);
        }
      });
    }
    const exports: [string, number, number][] = [];
    // Globals first: the order in which `toWat` declares them, so text and binary agree exactly.
    this.globals.forEach((g, k) => { if (g.export !== undefined) exports.push([g.export, 3, k]); });
    this.funcs.forEach((f, k) => { if (f.export !== undefined) exports.push([f.export, 0, this.importedFuncs.length + k]); });
    section(SECTION.export, (w) => {
      w.u32(exports.length);
      for (const [name, kind, index] of exports) w.name(name).u8(kind).u32(index);
    });
    section(SECTION.code, (w) => {
      w.u32(this.funcs.length);
      for (const f of this.funcs) w.sized(f.body.encode());
    });
    return out.finish();
  }

  /** The module as WebAssembly text. Bodies must have been built with `wat` on. */
  toWat(): string {
    const sig = (t: FuncType): string =>
      (t.params.length ? ` (param ${t.params.map(valTypeName).join(' ')})` : '')
      + (t.results.length ? ` (result ${t.results.map(valTypeName).join(' ')})` : '');
    const lines = ['(module'];
    if (this.memoryImport) lines.push(`  (import "${this.memoryImport.module}" "${this.memoryImport.name}" (memory 0))`);
    for (const f of this.importedFuncs) {
      lines.push(`  (import "${f.module}" "${f.name}" (func $${f.label}${sig(this.types[f.type]!)}))`);
    }
    this.globals.forEach((g, k) => {
      lines.push(`  (global $${g.label} (;${k};)${g.export !== undefined ? ` (export "${g.export}")` : ''} (mut ${valTypeName(g.type)}) (${valTypeName(g.type)}.const ${g.init}))`);
    });
    for (const f of this.funcs) {
      const t = this.types[f.type]!;
      const names = f.body.names;
      const params = t.params.map((p, i) => ` (param $${names[i]} ${valTypeName(p)})`).join('');
      const results = t.results.length ? ` (result ${t.results.map(valTypeName).join(' ')})` : '';
      lines.push(`  (func $${f.label}${f.export !== undefined ? ` (export "${f.export}")` : ''}${params}${results}`);
      f.body.locals.forEach((l, i) => lines.push(`    (local $${names[t.params.length + i]} ${valTypeName(l)})`));
      for (const l of f.body.lines ?? ['    ;; (body not recorded)']) lines.push('  ' + l);
      lines.push('  )');
    }
    lines.push(')');
    return lines.join('\n') + '\n';
  }
}
