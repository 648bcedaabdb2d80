/**
 * `tsbpf verify`: runs tsbpf's verifier (Linux 6.18 behaviour, privileged loader) on a program
 * and prints the kernel-format verifier log, then the verdict.
 *
 *   tsbpf verify OBJ|FILE [--section S | --program NAME] [--type T] [--log-level 0|1|2] [--license L]
 *
 * FILE may be an ELF object, raw bytecode or assembly (either syntax); programs not read from an
 * ELF object have no maps and default to `--type socket_filter`. Exit status 0 on accept, 1 on
 * reject.
 */
import { loadElf } from '../loader/object.js';
import { verify, type VerifierProgram } from '../verifier/index.js';
import { type Io, UsageError } from './io.js';
import { isElf, loadEbpfProgram } from './programs.js';

const USAGE = 'usage: tsbpf verify OBJ|FILE [--section S | --program NAME] [--type T] [--log-level 0|1|2] [--license L]';

export default async function verifyCommand(argv: string[], io: Io): Promise<number> {
  let file: string | undefined;
  let section: string | undefined;
  let program: string | undefined;
  let type: string | undefined;
  let license: string | undefined;
  let level: 0 | 1 | 2 = 1;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--section') section = value();
    else if (a === '--program') program = value();
    else if (a === '--type') type = value();
    else if (a === '--license') license = value();
    else if (a === '--log-level') {
      const v = value();
      if (v !== '0' && v !== '1' && v !== '2') throw new UsageError(`--log-level must be 0, 1 or 2\n${USAGE}`);
      level = Number(v) as 0 | 1 | 2;
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}\n${USAGE}`);
    else if (file === undefined) file = a;
    else throw new UsageError(`unexpected argument ${a}\n${USAGE}`);
  }
  if (file === undefined) throw new UsageError(USAGE);
  const bytes = await io.readFile(file);
  let input: VerifierProgram;
  if (isElf(bytes)) {
    const obj = loadElf(bytes, { file });
    const candidates = obj.programs.filter((p) => (section === undefined || p.section === section) && (program === undefined || p.name === program));
    const prog = candidates[0];
    if (!prog) {
      const names = obj.programs.map((p) => `${p.section}${p.function ? ` (${p.function})` : ''}`).join(', ');
      throw new UsageError(`${file}: no program matches${section ? ` section ${section}` : ''}${program ? ` name ${program}` : ''}; programs: ${names || 'none'}`);
    }
    input = { insns: prog.insns, progType: type ?? prog.type, maps: obj.maps, license: license ?? obj.license };
  } else {
    if (section !== undefined || program !== undefined) throw new UsageError(`--section/--program need an ELF object\n${USAGE}`);
    input = { insns: loadEbpfProgram(bytes, file), progType: type ?? 'socket_filter', license: license ?? 'GPL' };
  }
  const result = verify(input, { logLevel: level });
  io.stdout(result.log);
  io.stdout(result.accepted ? 'verdict: ACCEPT\n' : `verdict: REJECT (${result.errno})\n`);
  return result.accepted ? 0 : 1;
}
