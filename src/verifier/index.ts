/**
 * The verifier's entry point: `verify(program, options)` decides like the Linux 6.18 verifier
 * (privileged loader) and returns its log text. Structural passes first (`cfg.ts`), then the
 * abstract interpretation (`check.ts`).
 */
import { Checker, Reject } from './check.js';
import { kernelTypes } from './btf-access.js';
import { type Slots, StructuralError, checkCfg, checkSubprogs, findSubprogs, toSlots } from './cfg.js';
import { computeLiveRegs } from './live.js';
import { BTF_PROG_BASES, PROG_TYPES } from './progtype.js';
import { btfProgType } from './btf-progtype.js';
import type { VerifierProgram, VerifyOptions, VerifyResult } from './program.js';

export type { VerifierProgram, VerifyOptions, VerifyResult, MapInfo } from './program.js';

/**
 * `check_max_stack_depth`: the stack of every call chain, each frame rounded up to 16 bytes
 * (JIT), must fit in 512 bytes.
 */
function checkMaxStackDepth(slots: Slots, subprogs: number[], depths: Map<number, number>): string | undefined {
  const frameSize = (start: number): number => Math.ceil((depths.get(start) ?? 0) / 16) * 16;
  const subprogOf = (pc: number): number => {
    let s = 0;
    for (const start of subprogs) if (start <= pc) s = start;
    return s;
  };
  const calls = new Map<number, number[]>();
  for (let i = 0; i < slots.count; i++) {
    const insn = slots.code[i]!;
    if (insn.code === 0x85 && insn.src === 1) {
      const from = subprogOf(i);
      const list = calls.get(from) ?? [];
      list.push(i + insn.imm + 1);
      calls.set(from, list);
    }
  }
  let error: string | undefined;
  const walk = (sub: number, depth: number, frames: number, seen: Set<number>): void => {
    if (error) return;
    const total = depth + frameSize(sub);
    if (total > 512) {
      error = `combined stack size of ${frames} calls is ${total}. Too large`;
      return;
    }
    for (const callee of calls.get(sub) ?? []) {
      if (seen.has(callee)) continue;
      seen.add(callee);
      walk(callee, total, frames + 1, seen);
      seen.delete(callee);
    }
  };
  walk(0, 0, 1, new Set([0]));
  return error;
}

function summary(processed: number, maxStates: number, total: number, peak: number): string {
  return `processed ${processed} insns (limit 1000000) max_states_per_insn ${maxStates} total_states ${total} peak_states ${peak} mark_read 0\n`;
}

/** Messages the kernel prints without a trailing newline. */
const NO_NEWLINE = new Set(['expected prog array map for tail call']);

export function verify(program: VerifierProgram, options: VerifyOptions = {}): VerifyResult {
  const level = options.logLevel ?? 1;
  // A successful level-1 log is only the summary line: decide without a log first, and replay
  // with the log only when the program is rejected (the walk is deterministic).
  if (level === 1) {
    const quiet = verifyAt(program, options, 0);
    if (quiet.accepted) {
      return { ...quiet, log: summary(quiet.insnProcessed, quiet.maxStatesPerInsn, quiet.totalStates, quiet.peakStates) };
    }
  }
  return verifyAt(program, options, level);
}

function verifyAt(program: VerifierProgram, options: VerifyOptions, level: number): VerifyResult {
  const slots = toSlots(program.insns);
  const reject = (lines: string[], errno: string, log: string, c?: Checker): VerifyResult => {
    let text = log;
    for (const l of lines) text += NO_NEWLINE.has(l) ? l : l + '\n';
    text += summary(c?.insnProcessed ?? 0, c?.maxStatesPerInsn ?? 0, c?.totalStates ?? 0, c?.peakStates ?? 0);
    return {
      accepted: false, log: level > 0 ? text : '', errorPc: c ? c.errorPc : -1, error: lines, errno,
      insnProcessed: c?.insnProcessed ?? 0, maxStatesPerInsn: c?.maxStatesPerInsn ?? 0,
      totalStates: c?.totalStates ?? 0, peakStates: c?.peakStates ?? 0,
    };
  };
  let type = PROG_TYPES[program.progType];
  const btfBase = BTF_PROG_BASES[program.progType];
  if (btfBase && program.attach && options.kernelBtf) {
    const t = btfProgType(options.kernelBtf, program.attach, btfBase);
    if (typeof t === 'string') return reject([`${t} (not supported by tsbpf's verifier)`], 'EINVAL', '');
    type = t;
  }
  if (!type) {
    const why = btfBase ? `program type ${program.progType} needs its attach target and the kernel's BTF` : `program type ${program.progType} is not supported by tsbpf's verifier`;
    return reject([why], 'EINVAL', '');
  }
  if (slots.count === 0) return reject(['empty program'], 'EINVAL', '');
  let cfg;
  let subprogs: number[];
  try {
    subprogs = findSubprogs(slots);
    checkSubprogs(slots, subprogs);
    cfg = checkCfg(slots, true);
  } catch (e) {
    if (e instanceof StructuralError) return reject([e.kernelMessage], 'EINVAL', '');
    throw e;
  }
  const globals = program.globalFuncs?.filter((g) => subprogs.includes(g.slot)) ?? [];
  if (program.globalSubprogs && subprogs.length > 1 && !program.globalFuncs) {
    return reject(['calls to global functions are not supported by tsbpf\'s verifier'], 'EINVAL', '');
  }
  const unsupported = globals.find((g) => g.unsupported);
  if (unsupported) return reject([`${unsupported.unsupported} (not supported by tsbpf's verifier)`], 'EINVAL', '');
  const live = computeLiveRegs(slots);
  // Legacy map-in-map definitions name their inner template by index.
  const maps = (program.maps ?? []).map((m, _i, all) => {
    const idx = (m as { innerIndex?: number }).innerIndex;
    return m.inner || idx === undefined || !all[idx] ? m : { ...m, inner: all[idx] };
  });
  const checker = new Checker(
    slots, cfg.prunePoints, cfg.jmpPoints, cfg.forceCheckpoints, maps, type, program.license ?? '',
    level, live, options.insnLimit,
  );
  checker.lineInfo = program.lineInfo;
  checker.progType = program.progType;
  checker.kernel = options.kernelBtf ? kernelTypes(options.kernelBtf) : type.kernelTypes;
  checker.subprogStarts = subprogs;
  for (const g of globals) checker.globals.set(g.slot, { ...g, subprogNo: subprogs.indexOf(g.slot) });
  for (const note of program.btfNotes ?? []) checker.log.write(note + '\n');
  if (level >= 2) checker.printProgramHeader(subprogs);
  try {
    checker.run();
    // do_check_subprogs: each global function reached from verified code, once, on its own.
    const verified = new Set<number>();
    for (let again = true; again;) {
      again = false;
      for (const g of globals) {
        if (!checker.calledGlobals.has(g.slot) || verified.has(g.slot)) continue;
        verified.add(g.slot);
        again = true;
        checker.log.write(`Validating ${g.name}() func#${subprogs.indexOf(g.slot)}...\n`);
        checker.runGlobal(g);
      }
    }
  } catch (e) {
    if (e instanceof Reject) return reject(e.lines, e.errno, checker.log.text, checker);
    throw e;
  }
  const tooDeep = checkMaxStackDepth(slots, subprogs, checker.stackDepth);
  if (tooDeep) return reject([tooDeep], 'EACCES', checker.log.text, checker);
  const log = level >= 2 ? checker.log.text : '';
  return {
    accepted: true,
    log: level > 0 ? log + summary(checker.insnProcessed, checker.maxStatesPerInsn, checker.totalStates, checker.peakStates) : '',
    errorPc: -1, error: [], errno: null, insnProcessed: checker.insnProcessed,
    maxStatesPerInsn: checker.maxStatesPerInsn, totalStates: checker.totalStates, peakStates: checker.peakStates,
  };
}
