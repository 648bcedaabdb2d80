/**
 * Classic BPF compiled to JavaScript source — the fast path of `tsbpf filter`.
 *
 * Classic programs only jump forward, so every jump target can be a labelled block that opens at the
 * start of the function and closes right before its target: blocks for nearer targets nest inside
 * those for farther ones, and any jump is a `break` to the target's label. V8 then compiles the filter
 * to straight-line machine code with no dispatch loop.
 *
 * The generated function reads the packet in place — `(bytes, start, caplen, wirelen)` — so a filter
 * loop allocates nothing per packet. Semantics are the kernel's (as src/classic/interpreter.ts):
 * big-endian loads, an out-of-bounds load or a division by X = 0 returns 0, shifts by X use X & 31.
 * What needs socket-buffer metadata is not compiled: `compileClassicJs` returns undefined for programs
 * with Linux extensions, SKF_NET_OFF/SKF_LL_OFF offsets, backward jumps or seccomp loads, and the
 * compiled code returns -1 when an indirect load computes a negative offset, so the caller falls back
 * to the interpreter for that packet.
 */
import { classicFormOf, type SockFilter } from '../isa/classic.js';

/** Returns the verdict (an unsigned 32-bit number), or -1 when the interpreter must decide. */
export type CompiledClassic = (bytes: Uint8Array, start: number, caplen: number, wirelen: number) => number;

/** Programs with more jump targets than this stay with the interpreter (deep block nesting). */
const MAX_TARGETS = 2000;

const load = (size: number, at: string): string =>
  size === 1 ? `b[${at}]`
    : size === 2 ? `((b[${at}] << 8) | b[${at} + 1])`
      : `(((b[${at}] << 24) | (b[${at} + 1] << 16) | (b[${at} + 2] << 8) | b[${at} + 3]) >>> 0)`;

const ALU: Record<string, (a: string, b: string) => string> = {
  add: (a, b) => `${a} = (${a} + ${b}) >>> 0;`,
  sub: (a, b) => `${a} = (${a} - ${b}) >>> 0;`,
  mul: (a, b) => `${a} = Math.imul(${a}, ${b}) >>> 0;`,
  div: (a, b) => `${a} = (${a} / ${b}) >>> 0;`,
  mod: (a, b) => `${a} = ${a} % ${b};`,
  and: (a, b) => `${a} = (${a} & ${b}) >>> 0;`,
  or: (a, b) => `${a} = (${a} | ${b}) >>> 0;`,
  xor: (a, b) => `${a} = (${a} ^ ${b}) >>> 0;`,
  lsh: (a, b) => `${a} = (${a} << ${b}) >>> 0;`,
  rsh: (a, b) => `${a} = ${a} >>> ${b};`,
};

const CMP: Record<string, (a: string, b: string) => string> = {
  jeq: (a, b) => `${a} === ${b}`,
  jgt: (a, b) => `${a} > ${b}`,
  jge: (a, b) => `${a} >= ${b}`,
  jset: (a, b) => `(${a} & ${b}) !== 0`,
};

/** JavaScript source of the filter body, or undefined when the program needs the interpreter. */
export function classicToJs(prog: readonly SockFilter[]): string | undefined {
  const n = prog.length;
  const targets = new Set<number>();
  const lines: string[][] = prog.map(() => []);
  let usesMem = false;
  for (let pc = 0; pc < n; pc++) {
    const i = prog[pc]!;
    const f = classicFormOf(i.code);
    if (!f) return undefined;
    const k = i.k >>> 0;
    const out = lines[pc]!;
    const jump = (to: number): string => {
      targets.add(to);
      return `break L${to};`;
    };
    switch (f.kind) {
      case 'ret':
        out.push(f.operand === 'k' ? `return ${k};` : f.operand === 'a' ? 'return A;' : 'return X;');
        break;
      case 'ld': case 'ldx': {
        const reg = f.kind === 'ld' ? 'A' : 'X';
        switch (f.operand) {
          case 'imm': out.push(`${reg} = ${k};`); break;
          case 'len': out.push(`${reg} = wirelen >>> 0;`); break;
          case 'mem': usesMem = true; if (k > 15) return undefined; out.push(`${reg} = m${k};`); break;
          case 'abs':
            if ((k | 0) < 0) return undefined; // extensions and SKF_NET_OFF/SKF_LL_OFF need metadata
            out.push(`if (${k + f.size} > caplen) return 0;`, `${reg} = ${load(f.size, `s + ${k}`)};`);
            break;
          case 'ind':
            out.push(`o = (X + ${k}) | 0;`, 'if (o < 0) return -1;', `if (o + ${f.size} > caplen) return 0;`,
              `o += s;`, `${reg} = ${load(f.size, 'o')};`);
            break;
          case 'msh':
            if ((k | 0) < 0) return undefined;
            out.push(`if (${k} >= caplen) return 0;`, `X = (b[s + ${k}] & 15) << 2;`);
            break;
          default: return undefined;
        }
        break;
      }
      case 'ldxabs': return undefined; // seccomp's context load
      case 'st': case 'stx':
        if (k > 15) return undefined;
        usesMem = true;
        out.push(`m${k} = ${f.kind === 'st' ? 'A' : 'X'};`);
        break;
      case 'alu': {
        const src = f.operand === 'x' ? 'X' : String(k);
        if ((f.op === 'div' || f.op === 'mod') && f.operand === 'x') out.push('if (X === 0) return 0;');
        if ((f.op === 'div' || f.op === 'mod') && f.operand === 'k' && k === 0) { out.push('return 0;'); break; }
        const emit = ALU[f.op];
        if (!emit) return undefined;
        out.push(emit('A', src));
        break;
      }
      case 'neg': out.push('A = -A >>> 0;'); break;
      case 'tax': out.push('X = A;'); break;
      case 'txa': out.push('A = X;'); break;
      case 'ja': {
        const to = pc + 1 + (k | 0);
        if (to <= pc || to >= n) return undefined; // backward (libpcap's protochain) or outside
        if (to !== pc + 1) out.push(jump(to));
        break;
      }
      case 'jcc': {
        const t = pc + 1 + i.jt;
        const e = pc + 1 + i.jf;
        if (t >= n || e >= n) return undefined;
        const cond = CMP[f.op]!('A', f.operand === 'x' ? 'X' : String(k));
        if (t === e) { if (t !== pc + 1) out.push(jump(t)); break; }
        if (e === pc + 1) out.push(`if (${cond}) ${jump(t)}`);
        else if (t === pc + 1) out.push(`if (!(${cond})) ${jump(e)}`);
        else out.push(`if (${cond}) ${jump(t)} else ${jump(e)}`);
        break;
      }
    }
  }
  if (targets.size > MAX_TARGETS) return undefined;
  // Open one block per target, farthest first, at the top; close each right before its target.
  const sorted = [...targets].sort((a, b) => b - a);
  let body = 'let A = 0, X = 0, o = 0;\n';
  if (usesMem) body += 'let ' + Array.from({ length: 16 }, (_, i) => `m${i} = 0`).join(', ') + ';\n';
  body += sorted.map((t) => `L${t}: {\n`).join('');
  for (let pc = 0; pc < n; pc++) {
    if (targets.has(pc)) body += `} // L${pc}\n`;
    body += lines[pc]!.join(' ') + '\n';
  }
  // Every path ends in a return (the checker guarantees the last instruction returns).
  return body + 'return 0;\n';
}

/**
 * Compiles a (checked) classic program to a JavaScript function, or returns undefined when it needs
 * the interpreter — or when the host forbids generating code (a browser page with a strict CSP).
 */
export function compileClassicJs(prog: readonly SockFilter[]): CompiledClassic | undefined {
  const body = classicToJs(prog);
  if (body === undefined) return undefined;
  try {
    return new Function('b', 's', 'caplen', 'wirelen', body) as CompiledClassic;
  } catch {
    return undefined;
  }
}
