/**
 * Differential fuzzing of the JIT against the interpreter: `npm run fuzz -- --count N [--seed S]`.
 * Generates N programs from consecutive seeds starting at S (default: a random start, printed so
 * a failure reproduces), and prints every disagreement. Exit code 1 if any.
 */
import { parseArgs } from 'node:util';
import { disagreement } from '../test/jit/differential.js';
import { generateProgram } from '../test/jit/generator.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '10000' }, seed: { type: 'string' } } });
const count = Number(values.count);
const start = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
if (!Number.isInteger(count) || count < 0 || !Number.isInteger(start)) {
  console.error('usage: npm run fuzz -- --count N [--seed S]');
  process.exit(2);
}
console.log(`fuzzing ${count} programs from seed ${start}`);
let failures = 0;
const t0 = performance.now();
for (let i = 0; i < count; i++) {
  const d = disagreement(generateProgram(start + i));
  if (d) { failures++; console.log(d); }
  if ((i + 1) % 10000 === 0) console.log(`  ${i + 1} programs, ${failures} disagreements`);
}
console.log(`${count} programs in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${failures} disagreement${failures === 1 ? '' : 's'}`);
process.exitCode = failures ? 1 : 0;
