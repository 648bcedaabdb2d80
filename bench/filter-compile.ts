/**
 * Filter compile time (issue 7): microseconds per `compileFilter` call, with and without the
 * optimiser, for a few typical expressions, and the mean over every expression of the tcpdump
 * golden corpus (test/golden/tcpdump/expressions.json) that compiles.
 */
import { readFileSync } from 'node:fs';
import { compileFilter } from '../src/filter/index.js';
import { bestOf, type BenchSection } from './section.js';

const TYPICAL = [
  'ip', 'tcp port 22', 'host 10.0.0.1', 'port 22 or 80 or 443', 'net 10.0.0.0/8 and not net 10.1.0.0/16',
  'tcp[tcpflags] & (tcp-syn|tcp-ack) != 0', 'vlan 100 and tcp port 80', 'ip6 and src net 2001:db8::/32 and tcp',
  'host 10.0.0.1 and (port 80 or port 8080) and not udp', 'tcp[((tcp[12:1] & 0xf0) >> 2):4] = 0x47455420',
];

function usPerCompile(reps: number, expr: string, linkType: string, optimize: boolean, n: number): number {
  return bestOf(reps, () => {
    for (let i = 0; i < n; i++) compileFilter(expr, { linkType, optimize });
  }) / n / 1000;
}

export const filterCompile: BenchSection = {
  name: 'filter-compile',
  async run(ctx) {
    ctx.log('filter-compile: µs per compileFilter call (best of reps)');
    ctx.log(`  ${'expression'.padEnd(56)} ${'optimised'.padStart(10)} ${'-O'.padStart(10)}`);
    for (const expr of TYPICAL) {
      const opt = usPerCompile(ctx.reps, expr, 'EN10MB', true, 50);
      const unopt = usPerCompile(ctx.reps, expr, 'EN10MB', false, 50);
      ctx.log(`  ${expr.padEnd(56)} ${opt.toFixed(1).padStart(10)} ${unopt.toFixed(1).padStart(10)}`);
    }
    const golden = JSON.parse(readFileSync(new URL('../test/golden/tcpdump/expressions.json', import.meta.url), 'utf8')) as
      { cases: { expr: string; linkType: string; snaplen?: number; ddd?: string[] }[] };
    const cases = golden.cases.filter((c) => c.ddd && c.snaplen === undefined);
    const total = bestOf(ctx.reps, () => {
      for (const c of cases) compileFilter(c.expr, { linkType: c.linkType });
    });
    const mean = total / cases.length / 1000;
    ctx.log(`  golden corpus: ${cases.length} expressions × link types, mean ${mean.toFixed(1)} µs per optimised compile`);
    return `mean ${mean.toFixed(1)} µs per expression over ${cases.length} golden compiles`;
  },
};
