/**
 * `verify`: the verdict with the logs at level 1 and 2 exactly as `tsbpf verify` prints them, the
 * failing instruction and its source line, the statistics, and per instruction the state the
 * level-2 log shows there. Classic programs go through the kernel's load-time checker instead.
 *
 * Inputs are prepared as `tsbpf verify` prepares them: an object's program as a libbpf load does
 * (src/verifier/object-input.ts), assembly with its directives' program type, maps and license, as
 * `tsbpf verify FILE --type T --maps M` takes them.
 */
import { checkClassic } from '../../../src/classic/index.js';
import { verify as runVerifier, type VerifierProgram } from '../../../src/verifier/index.js';
import { objectVerifierProgram } from '../../../src/verifier/object-input.js';
import type { Options, ProgramInput, VerifyResult } from './api.js';
import { diagnostic, errorInfo } from './errors.js';
import { type EbpfProgram, lineOfPc, type Program, resolveProgram } from './inputs.js';

/** `processed N insns (limit L) max_states_per_insn M total_states T peak_states P mark_read R`. */
const STATS = /^processed (\d+) insns \(limit \d+\) max_states_per_insn (\d+) total_states (\d+) peak_states (\d+)/m;

/**
 * Per instruction slot, the lines of a level-2 log that show the state there: `N: R1=ctx() …`
 * (the state on entry), `N: (bf) r0 = r1 ; R0_w=…` (after it) and `from M to N: …` (on a branch).
 */
export function statesByPc(log2: string): Record<number, string> {
  const states: Record<number, string[]> = {};
  for (const line of log2.split('\n')) {
    const m = /^(\d+): /.exec(line) ?? /^from \d+ to (\d+): /.exec(line);
    if (!m) continue;
    (states[Number(m[1])] ??= []).push(line);
  }
  return Object.fromEntries(Object.entries(states).map(([pc, lines]) => [pc, lines.join('\n')]));
}

function fromLogs(program: EbpfProgram, log1: string, log2: string, verdict: string, errorPc: number, error: string[]): VerifyResult {
  const accepted = verdict === 'verdict: ACCEPT';
  const s = STATS.exec(log1) ?? STATS.exec(log2);
  const errorLine = errorPc >= 0 ? lineOfPc(program, errorPc) : undefined;
  return {
    accepted, checker: 'ebpf-verifier', log1, log2, verdict,
    errno: accepted ? null : (/REJECT \((\w+)\)/.exec(verdict)?.[1] ?? null),
    errorPc, error, ...(errorLine !== undefined ? { errorLine } : {}),
    stats: { insnProcessed: Number(s?.[1] ?? 0), maxStatesPerInsn: Number(s?.[2] ?? 0), totalStates: Number(s?.[3] ?? 0), peakStates: Number(s?.[4] ?? 0) },
    states: statesByPc(log2), diagnostics: [],
  };
}

/** As `tsbpf verify` runs: the log at level 1 and at level 2, and the verdict line it ends with. */
function verifyEbpf(program: EbpfProgram): VerifyResult {
  const o = program.object;
  const input: VerifierProgram = o
    ? objectVerifierProgram(o.bytes, o.object, o.program, { type: program.progType })
    : { insns: program.insns, progType: program.progType, license: program.license, maps: program.maps };
  const r1 = runVerifier(input, { logLevel: 1 });
  const r2 = runVerifier(input, { logLevel: 2 });
  const verdict = r1.accepted ? 'verdict: ACCEPT' : `verdict: REJECT (${r1.errno})`;
  return fromLogs(program, r1.log, r2.log, verdict, r1.errorPc, r1.error);
}

function verifyClassic(program: Extract<Program, { flavor: 'classic' }>): VerifyResult {
  const base = {
    checker: 'classic-checker' as const, log2: '', errno: null, error: [], states: {}, diagnostics: [],
    stats: { insnProcessed: program.prog.length, maxStatesPerInsn: 0, totalStates: 0, peakStates: 0 },
  };
  try {
    // Filter expressions are checked as libpcap's own output, classic programs as the kernel loads them.
    checkClassic(program.prog, program.filter ? 'libpcap' : 'linux');
    return { ...base, accepted: true, log1: '', verdict: 'verdict: ACCEPT', errorPc: -1 };
  } catch (e) {
    const info = errorInfo(e);
    const pc = info.pc ?? -1;
    const line = pc >= 0 ? program.lines?.[pc] : undefined;
    return {
      ...base, accepted: false, log1: `${info.message}\n`, verdict: 'verdict: REJECT (EINVAL)', errno: 'EINVAL', errorPc: pc,
      error: [info.message], ...(line !== undefined ? { errorLine: line } : {}),
    };
  }
}

export function verifyInput(input: ProgramInput, options?: Options): VerifyResult {
  let program: Program;
  try {
    program = resolveProgram(input, options);
  } catch (e) {
    const d = diagnostic(e, input.kind === 'object' ? 'loader' : input.kind === 'filter' ? 'filter' : 'assembler');
    return {
      accepted: false, checker: input.kind === 'classic-asm' || input.kind === 'filter' ? 'classic-checker' : 'ebpf-verifier',
      log1: '', log2: '', verdict: '', errno: null, errorPc: -1, error: [d.message],
      stats: { insnProcessed: 0, maxStatesPerInsn: 0, totalStates: 0, peakStates: 0 }, states: {}, diagnostics: [d],
    };
  }
  if (program.flavor === 'classic') return verifyClassic(program);
  return verifyEbpf(program);
}
