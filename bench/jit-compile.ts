/**
 * JIT compile time on real programs: every program of the committed ELF corpus
 * (test/fixtures/ebpf-samples) that loads is compiled with its maps and helpers resolved, as
 * `ObjectInstance` does; the time is the JIT's own (generate + WebAssembly.Module + instantiate),
 * best of three real compilations per program after a warm-up pass (see `compileTimes`). Reports
 * the distribution per size class and in ms per 1,000 instructions.
 */
import { readFileSync } from 'node:fs';
import { JitVm } from '../src/jit/engine.js';
import { loadObject } from '../src/loader/index.js';
import type { EngineFactory } from '../src/runtime/instance.js';
import { ObjectInstance } from '../src/runtime/instance.js';
import type { BenchSection } from './section.js';

const ROOT = new URL('../test/fixtures/ebpf-samples/', import.meta.url);

interface Sample { name: string; insns: number; ms: number; engine: 'jit' | 'interp' }

/**
 * Compiles every corpus program `1 + rounds` times and keeps the best of the last `rounds`: the
 * first pass warms the compiler up. V8 caches compiled modules by their bytes, so in each round
 * the machine's scratch slot (whose address the generated code contains) is moved, which makes
 * the bytes new: every measured compilation is a real one, as for a new program.
 */
export function compileTimes(rounds: number): Sample[] {
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', ROOT), 'utf8')) as { programs: { object: string; section: string; function: string | null }[] };
  const byObject = new Map<string, { section: string; function: string | null }[]>();
  for (const p of manifest.programs) byObject.set(p.object, [...(byObject.get(p.object) ?? []), p]);
  const best = new Map<string, Sample>();
  for (let round = 0; round <= rounds; round++) {
    for (const [file, programs] of byObject) {
      let object: ReturnType<typeof loadObject>;
      try { object = loadObject(new Uint8Array(readFileSync(new URL(file, ROOT)))); } catch { continue; }
      // One instance (one address space) per object, a JIT per program.
      let jit: JitVm | undefined;
      const engine: EngineFactory = (program, options) => {
        options.space.reserveHost(8 * (round + 1));
        jit = new JitVm(program, options);
        return jit;
      };
      let inst: ObjectInstance;
      try { inst = new ObjectInstance(object, { engine }); } catch { continue; }
      for (const p of programs) {
        jit = undefined;
        try {
          inst.prepare(inst.findProgram({ section: p.section, program: p.function ?? undefined }));
        } catch {
          continue; // not loadable by tsbpf (LoadError): nothing to compile
        }
        if (!jit || round === 0) continue;
        const j: JitVm = jit;
        const name = `${file} ${p.section}/${p.function ?? ''}`;
        const sample: Sample = { name, insns: j.vm.program.insns.length, ms: j.compileMs, engine: j.engine };
        const seen = best.get(name);
        if (!seen || sample.ms < seen.ms) best.set(name, sample);
      }
    }
  }
  return [...best.values()];
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

export function summarize(samples: readonly Sample[]): string[] {
  const lines: string[] = [];
  const compiled = samples.filter((s) => s.engine === 'jit');
  lines.push(`${compiled.length} corpus programs compiled (${samples.length - compiled.length} fell back to the interpreter)`);
  for (const [lo, hi] of [[0, 100], [100, 1000], [1000, 5000], [5000, Infinity]] as const) {
    const group = compiled.filter((s) => s.insns >= lo && s.insns < hi);
    if (group.length === 0) continue;
    const ms = group.map((s) => s.ms).sort((a, b) => a - b);
    const per1k = group.map((s) => (s.ms / s.insns) * 1000).sort((a, b) => a - b);
    lines.push(`${lo}–${hi === Infinity ? '∞' : hi} insns (${group.length}): ms median ${quantile(ms, 0.5).toFixed(2)}, p90 ${quantile(ms, 0.9).toFixed(2)}, max ${ms[ms.length - 1]!.toFixed(2)}; `
      + `ms per 1,000 insns median ${quantile(per1k, 0.5).toFixed(2)}, p90 ${quantile(per1k, 0.9).toFixed(2)}, max ${per1k[per1k.length - 1]!.toFixed(2)}`);
  }
  const largest = [...compiled].sort((a, b) => b.insns - a.insns).slice(0, 3);
  lines.push(`largest: ${largest.map((s) => `${s.insns} insns ${s.ms.toFixed(2)} ms (${s.name})`).join('; ')}`);
  return lines;
}

export const jitCompile: BenchSection = {
  name: 'jit-compile',
  async run() {
    return summarize(compileTimes(3)).join('\n     ');
  },
};
