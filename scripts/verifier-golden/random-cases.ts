/**
 * Writes seeded random case files for the scalar transfer functions: programs of ALU operations
 * (64- and 32-bit, immediate and register) and forward conditional jumps over scalars whose
 * level-2 logs show the kernel's ranges and tnums after every step. Deterministic: the same seed
 * gives the same files.
 *
 *   node --import tsx scripts/verifier-golden/random-cases.ts [COUNT] [FIRST_SEED]
 *
 * writes test/golden/verifier/cases/random/<seed>.s; then run generate.ts on the `random` group.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const outDir = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'test/golden/verifier/cases/random');

/** mulberry32: a small seeded PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SCALARS = [2, 3, 4, 5, 7, 8];
const ALU = ['+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=', 's>>=', '=', 's/=', 's%='];
const CMP = ['==', '!=', '>', '>=', '<', '<=', 's>', 's>=', 's<', 's<=', '&'];
const INTERESTING = [0, 1, 2, 3, 7, 8, 15, 16, 31, 63, 255, 256, 0x7fff, 0x8000, 0xffff, 0x7fffffff, -1, -2, -8, -255, -0x8000, -0x80000000];

function program(seed: number): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const imm = (): number => (r() < 0.7 ? pick(INTERESTING) : Math.floor(r() * 0x10000) - 0x8000);
  const lines = [
    'r6 = r1',
    'call bpf_get_prandom_u32',
    'r7 = r0',                                   // unknown 64-bit
    'r2 = *(u32 *)(r6 + 0)',                     // u32
    `r3 = *(u32 *)(r6 + 4)`,
    `r3 &= ${pick([0xf, 0xff, 0xfff0, 0x3c])}`,  // small bounded
    `r4 = ${imm()}`,                             // constant
    'r5 = *(u32 *)(r6 + 8)',
    'r5 = (s8)r5',                               // signed [-128, 127]
    'r8 = r7',
    `r8 >>= ${pick([1, 8, 32, 48])}`,
  ];
  const body: string[] = [];
  const n = 12 + Math.floor(r() * 10);
  for (let i = 0; i < n; i++) {
    const wide = r() < 0.6;
    const reg = (x: number): string => `${wide ? 'r' : 'w'}${x}`;
    const dst = pick(SCALARS);
    if (r() < 0.25) {
      const rhs = r() < 0.5 ? `${imm()}` : reg(pick(SCALARS));
      body.push(`if ${reg(dst)} ${pick(CMP)} ${rhs} goto +${1 + Math.floor(r() * Math.min(4, n - i))}`);
      continue;
    }
    let op = pick(ALU);
    if (op === '=' && r() < 0.5) { body.push(`${reg(dst)} = ${pick(['(s8)', '(s16)', wide ? '(s32)' : '(s8)'])}${reg(pick(SCALARS))}`); continue; }
    if (r() < 0.1) { body.push(`${reg(dst)} = -${reg(dst)}`); continue; }
    if (r() < 0.05) { body.push(`r${dst} = ${pick(['be16', 'be32', 'be64', 'le16', 'le32', 'bswap16', 'bswap32', 'bswap64'])} r${dst}`); continue; }
    if (r() < 0.5) {
      body.push(`${reg(dst)} ${op} ${reg(pick(SCALARS))}`);
    } else {
      let k = imm();
      if (op.includes('<<') || op.includes('>>')) k = Math.floor(r() * (wide ? 64 : 32));
      if ((op.includes('/') || op.includes('%')) && k === 0) k = 3;
      if (op === '=' ) op = '=';
      body.push(`${reg(dst)} ${op} ${k}`);
    }
  }
  // The end: nothing, or one register used as a stack offset (which makes the verifier backtrack
  // precision through the whole program), either masked or only guarded by a signed check.
  const x = pick(SCALARS);
  const tail = pick([
    [],
    [`r${x} &= 0x38`, 'r9 = r10', 'r9 += -64', `r9 += r${x}`, '*(u64 *)(r9 + 0) = 0'],
    [`if r${x} s> 56 goto +3`, 'r9 = r10', 'r9 += -64', `r9 += r${x}`, '*(u64 *)(r9 + 0) = 0'].map((l, i) => (i === 0 ? l.replace('+3', '+4') : l)),
  ]);
  // Jumps in the body may land on the tail or the closing `r0 = 0`, never past `exit`.
  return [...lines, ...body, ...tail, 'r0 = 0', 'exit'].join('\n');
}

const count = Number(process.argv[2] ?? 60);
const first = Number(process.argv[3] ?? 1);
mkdirSync(outDir, { recursive: true });
for (let seed = first; seed < first + count; seed++) {
  const name = String(seed).padStart(3, '0');
  writeFileSync(join(outDir, `${name}.s`), `; desc: random scalar ALU and jump program, seed ${seed} (scripts/verifier-golden/random-cases.ts)\n; type: socket_filter\n${program(seed)}\n`);
}
console.log(`${count} random cases in ${outDir}`);
