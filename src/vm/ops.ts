/**
 * The interpreter's internal operation numbers: one dense small integer per behaviour, derived
 * from the shared opcode table (`src/isa/table.ts`) — never a second opcode table. Several forms
 * share an operation where their semantics coincide on a little-endian machine (be16 = bswap16,
 * ja = ja32 once the target is resolved).
 *
 * The dispatch `switch` in interpreter.ts uses these numbers as literal case labels (so V8 builds a
 * jump table); each label carries the name as a comment, and test/vm/ops.test.ts checks that the
 * two agree.
 */
import { CONDITIONAL_JUMPS } from '../isa/opcodes.js';
import type { Form } from '../isa/table.js';

const ALU_OPS = ['add', 'sub', 'mul', 'div', 'sdiv', 'or', 'and', 'lsh', 'rsh', 'mod', 'smod', 'xor', 'mov', 'arsh'] as const;
const ATOMIC_OPS = ['add', 'or', 'and', 'xor', 'fetch_add', 'fetch_or', 'fetch_and', 'fetch_xor', 'xchg', 'cmpxchg'] as const;

/** Operation names in number order. */
export const OP_NAMES: readonly string[] = (() => {
  const n: string[] = [];
  for (const w of ['32', '64']) for (const src of ['K', 'X']) for (const op of ALU_OPS) n.push(`${op.toUpperCase()}${w}_${src}`);
  n.push('NEG32', 'NEG64');
  n.push('MOVSX8_32', 'MOVSX16_32', 'MOVSX8_64', 'MOVSX16_64', 'MOVSX32_64');
  n.push('LE16', 'LE32', 'LE64', 'BSWAP16', 'BSWAP32', 'BSWAP64');
  n.push('LDDW');
  n.push('LDXB', 'LDXH', 'LDXW', 'LDXDW', 'LDXSB', 'LDXSH', 'LDXSW');
  n.push('STB', 'STH', 'STW', 'STDW', 'STXB', 'STXH', 'STXW', 'STXDW');
  for (const w of ['32', '64']) for (const op of ATOMIC_OPS) n.push(`ATOMIC${w}_${op.toUpperCase()}`);
  n.push('LDABSB', 'LDABSH', 'LDABSW', 'LDINDB', 'LDINDH', 'LDINDW');
  n.push('JA');
  for (const w of ['64', '32']) for (const src of ['K', 'X']) for (const op of CONDITIONAL_JUMPS) n.push(`${op.toUpperCase()}${w}_${src}`);
  n.push('CALL', 'CALL_LOCAL', 'CALLX', 'EXIT', 'FELL_OFF');
  return n;
})();

/** Operation number by name. */
export const Op: Readonly<Record<string, number>> = Object.fromEntries(OP_NAMES.map((name, i) => [name, i]));

function op(name: string): number {
  const n = Op[name];
  if (n === undefined) throw new Error(`internal: no interpreter operation ${name}`);
  return n;
}

const SIZE_LETTER: Record<number, string> = { 1: 'B', 2: 'H', 4: 'W', 8: 'DW' };

/** The interpreter operation implementing a form, or undefined if the interpreter cannot run it (kfunc calls). */
export function opOfForm(f: Form): number | undefined {
  const w = f.is64 ? '64' : '32';
  const size = SIZE_LETTER[f.size] ?? '';
  switch (f.kind) {
    case 'alu': return op(`${f.op.toUpperCase()}${w}_${f.reg ? 'X' : 'K'}`);
    case 'neg': return op(`NEG${w}`);
    case 'movsx': return op(`MOVSX${f.size * 8}_${w}`);
    case 'end': return op(`${f.op === 'le' ? 'LE' : 'BSWAP'}${f.size * 8}`);
    case 'lddw': return op('LDDW');
    case 'ldx': return op(`LDX${size}`);
    case 'ldxs': return op(`LDXS${size}`);
    case 'st': return op(`ST${size}`);
    case 'stx': return op(`STX${size}`);
    case 'atomic': {
      const fetch = f.name.includes('fetch ') ? 'FETCH_' : '';
      return op(`ATOMIC${f.is64 ? '64' : '32'}_${fetch}${f.op.toUpperCase()}`);
    }
    case 'ldabs': return op(`LDABS${size}`);
    case 'ldind': return op(`LDIND${size}`);
    case 'ja': case 'ja32': return op('JA');
    case 'jcc': return op(`${f.op.toUpperCase()}${w}_${f.reg ? 'X' : 'K'}`);
    case 'call': return f.op === 'helper' ? op('CALL') : f.op === 'local' ? op('CALL_LOCAL') : undefined;
    case 'callx': return op('CALLX');
    case 'exit': return op('EXIT');
  }
}
