/**
 * The helper table the conformance corpora expect (ids 0..5, as uBPF's test harness defines them;
 * see ../shared/conformance/README.md §3). Not built into the VM: pass it as `helpers`.
 */
import { type HelperContext, HelperTable } from './helpers.js';

const MASK8 = 0xffn;

export const conformanceHelpers: HelperTable = new HelperTable()
  .register(0, 'gather_bytes', (_ctx, r1, r2, r3, r4, r5) =>
    ((r1 & MASK8) << 32n) | ((r2 & MASK8) << 24n) | ((r3 & MASK8) << 16n) | ((r4 & MASK8) << 8n) | (r5 & MASK8))
  .register(1, 'memfrob', (ctx, r1, r2) => {
    const length = Number(BigInt.asUintN(32, r2));
    if (length === 0) return 0n;
    const bytes = ctx.bytes(r1, length, true);
    for (let i = 0; i < bytes.length; i++) bytes[i]! ^= 42;
    return 0n;
  })
  .register(2, 'no_op', () => 0n)
  .register(3, 'sqrti', (_ctx, r1) => sqrtFloor(BigInt.asUintN(64, r1)))
  .register(4, 'strcmp_ext', (ctx, r1, r2) => strcmp(ctx, r1, r2))
  // uBPF's unwind extension: returns r1, and a zero return stops the program with r0 = 0.
  .register(5, 'unwind', (_ctx, r1) => r1, { unwindOnZero: true });

function sqrtFloor(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}

/** C strcmp over NUL-terminated strings in VM memory; every byte read is checked. */
function strcmp(ctx: HelperContext, a: bigint, b: bigint): bigint {
  for (let i = 0n; ; i++) {
    const x = ctx.bytes(a + i, 1, false)[0]!;
    const y = ctx.bytes(b + i, 1, false)[0]!;
    if (x !== y) return BigInt(x - y);
    if (x === 0) return 0n;
  }
}
