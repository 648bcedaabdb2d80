/**
 * `tsbpf filter` throughput beside tcpdump on the same capture in the same run (issue 3 and issue 7
 * benchmarks): a capture of at least 1M packets is generated in a temporary directory; each filter
 * expression is timed three ways — the library call (read → compiled classic program → write to
 * /dev/null), the CLI (`tsbpf filter EXPR -r FILE -w /dev/null`, process start included) and
 * `tcpdump -r FILE -w /dev/null EXPR` — and reported in packets per second with the ratio to tcpdump.
 * Also: compile time per expression. Skipped with a message when tcpdump is absent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeVerdict } from '../src/cli/filter.js';
import { compileFilter } from '../src/filter/index.js';
import { fileChunks, fileOutput } from '../src/node/capture-files.js';
import { arp, ether, EtherType, icmp, IpProto, ipv4, ipv6, payload, tcp, TcpFlag, udp } from '../src/pcap/build.js';
import { filterChunks } from '../src/pcap/filter-stream.js';
import { PcapWriter } from '../src/pcap/writer.js';
import type { BenchSection } from './section.js';

const ROOT = new URL('..', import.meta.url).pathname;
const EXPRESSIONS = ['ip', 'tcp port 80', 'udp and dst port 53', 'host 10.0.0.7 or (tcp[tcpflags] & tcp-syn != 0)'];

/** A mix of frames the expressions tell apart: TCP/UDP over IPv4 and IPv6, ICMP, ARP, VLAN. */
function packetPool(): Uint8Array[] {
  const pool: Uint8Array[] = [];
  const a = '02:00:00:00:00:01';
  const b = '02:00:00:00:00:02';
  for (let i = 0; i < 64; i++) {
    const src = `10.0.${i % 4}.${(i * 7) % 250 + 1}`;
    const dst = `10.0.0.${(i * 3) % 250 + 1}`;
    const body = payload(16 + (i * 13) % 200, i);
    switch (i % 8) {
      case 0: case 1: case 2:
        pool.push(ether(b, a, EtherType.IPV4, ipv4(src, dst, IpProto.TCP, tcp(40000 + i, i % 3 === 0 ? 80 : 443, body, { flags: i % 5 === 0 ? TcpFlag.SYN : TcpFlag.ACK }))));
        break;
      case 3: case 4:
        pool.push(ether(b, a, EtherType.IPV4, ipv4(src, dst, IpProto.UDP, udp(5000 + i, i % 2 ? 53 : 123, body))));
        break;
      case 5:
        pool.push(ether(b, a, EtherType.IPV6, ipv6('2001:db8::1', '2001:db8::2', IpProto.TCP, tcp(22, 50000 + i, body))));
        break;
      case 6:
        pool.push(ether('ff:ff:ff:ff:ff:ff', a, EtherType.ARP, arp(1, a, src, '00:00:00:00:00:00', dst)));
        break;
      default:
        pool.push(ether(b, a, EtherType.IPV4, ipv4(src, dst, IpProto.ICMP, icmp(8, 0, body)), [100 + i]));
    }
  }
  return pool;
}

export function writeCapture(path: string, count: number): void {
  const pool = packetPool();
  const { out, close } = fileOutput(path);
  const w = new PcapWriter(out, { linkType: 1, snaplen: 262144 });
  for (let i = 0; i < count; i++) {
    const p = pool[i % pool.length]!;
    w.writePacket(p, p.length, 1700000000 + Math.floor(i / 1000), (i % 1000) * 1000);
  }
  close();
}

/** Seconds of CPU (user + system) used by this process's waited-for children, from /proc (10 ms ticks). */
function childCpu(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    // After the command name: field 16 (cutime) and 17 (cstime) are at indexes 13 and 14.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN;
  }
}

interface Timing { wall: number; cpu: number }

/** Wall and CPU seconds of `fn`; CPU counts this process and its children, which the shared machine disturbs less. */
function timed(fn: () => void): Timing {
  const cpu0 = process.cpuUsage();
  const child0 = childCpu();
  const t = performance.now();
  fn();
  const wall = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6 + (childCpu() - child0) };
}

function best(reps: number, fn: () => void): Timing {
  let b: Timing = { wall: Infinity, cpu: Infinity };
  for (let r = 0; r < reps; r++) {
    const t = timed(fn);
    b = { wall: Math.min(b.wall, t.wall), cpu: Math.min(b.cpu, t.cpu) };
  }
  return b;
}

/**
 * The CLI as users run it — built JavaScript, not TypeScript compiled at start-up: dist/ when it is up
 * to date, else a bundle made with esbuild (tsx's) in the temporary directory, else tsx as a last resort.
 */
async function cliCommand(dir: string): Promise<{ cmd: string; args: string[]; label: string }> {
  const built = join(ROOT, 'dist/cli/main.js');
  if (existsSync(built) && statSync(built).mtimeMs >= statSync(join(ROOT, 'src/cli/filter.ts')).mtimeMs) {
    return { cmd: process.execPath, args: [join(ROOT, 'bin/tsbpf.js')], label: 'cli (dist)' };
  }
  try {
    const specifier = 'esbuild';
    const esbuild = (await import(specifier)) as { build: (o: object) => Promise<unknown> };
    // main.ts runs when started as `tsbpf.js`; a package.json makes the bundle an ES module.
    // Code splitting keeps the lazy imports lazy, as in dist/ (each command loads only what it needs).
    const outdir = join(dir, 'cli');
    await esbuild.build({ entryPoints: { tsbpf: join(ROOT, 'src/cli/main.ts') }, bundle: true, splitting: true, platform: 'node', format: 'esm', outdir, logLevel: 'silent' });
    writeFileSync(join(outdir, 'package.json'), '{"type":"module"}\n');
    return { cmd: process.execPath, args: [join(outdir, 'tsbpf.js')], label: 'cli (bundle)' };
  } catch {
    return { cmd: process.execPath, args: ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')], label: 'cli (tsx)' };
  }
}

export const filterBench: BenchSection = {
  name: 'filter',
  async run(ctx) {
    if (spawnSync('tcpdump', ['--version']).status !== 0) return 'skipped: tcpdump is not installed';
    const packets = Number(process.env.TSBPF_BENCH_PACKETS ?? 1_000_000);
    const dir = mkdtempSync(join(tmpdir(), 'tsbpf-bench-filter-'));
    const file = join(dir, 'capture.pcap');
    try {
      const gen = timed(() => writeCapture(file, packets));
      ctx.log(`filter: ${packets} packets, ${(statSync(file).size / 1e6).toFixed(1)} MB, generated in ${gen.wall.toFixed(2)} s`);
      const reps = Math.max(1, Math.min(ctx.reps, 3));
      const cli = await cliCommand(dir);
      const rows: string[][] = [];
      const M = (seconds: number) => `${(packets / seconds / 1e6).toFixed(2)} M`;
      for (const expr of EXPRESSIONS) {
        const compileRuns = 200;
        const compile = timed(() => { for (let i = 0; i < compileRuns; i++) compileFilter(expr, { linkType: 1 }); });
        const verdict = makeVerdict({ kind: 'expression', text: expr }, 262144, compileFilter);
        let accepted = -1;
        const lib = best(reps, () => {
          const sink = fileOutput('/dev/null');
          accepted = filterChunks(fileChunks(file), verdict, { out: sink.out }).accepted;
          sink.close();
        });
        let cliOut = '';
        const cliT = best(reps, () => {
          const res = spawnSync(cli.cmd, [...cli.args, 'filter', expr, '-r', file, '-w', '/dev/null'], { encoding: 'utf8' });
          if (res.status !== 0) throw new Error(`tsbpf filter '${expr}' failed: ${res.stderr}`);
          cliOut = res.stdout.trim();
        });
        const tcpdump = best(reps, () => {
          const res = spawnSync('tcpdump', ['-r', file, '-w', '/dev/null', expr], { stdio: 'ignore' });
          if (res.status !== 0) throw new Error(`tcpdump '${expr}' failed`);
        });
        if (cliOut !== `${accepted}/${packets}`) throw new Error(`'${expr}': CLI printed ${cliOut}, library accepted ${accepted}`);
        rows.push([expr, `${((compile.wall / compileRuns) * 1e6).toFixed(0)} µs`, `${accepted}`,
          M(lib.wall), M(cliT.wall), M(tcpdump.wall),
          `${(tcpdump.wall / lib.wall).toFixed(2)}×`, `${(tcpdump.wall / cliT.wall).toFixed(2)}×`,
          `${M(lib.cpu)} / ${M(cliT.cpu)} / ${M(tcpdump.cpu)}`]);
      }
      const header = ['expression', 'compile', 'accepted', 'library', cli.label, 'tcpdump', 'lib/tcpdump', 'cli/tcpdump', 'per CPU-second: lib / cli / tcpdump'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
      ctx.log(fmt(header));
      ctx.log(widths.map((w) => '-'.repeat(w)).join('  '));
      for (const r of rows) ctx.log(fmt(r));
      ctx.log('(packets per second, best of the repetitions: reading the file, filtering, writing accepted packets to /dev/null;');
      ctx.log(' the CLI figures include process start-up; ratios > 1 mean faster than tcpdump; the last column divides by CPU time instead of wall time)');
      return [];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
