/**
 * `tsbpf conformance-plugin [MEMHEX] [--elf] [--engine interp]` — the bpf_conformance plugin
 * protocol (conformance README §3): the program arrives on stdin as hex bytes separated by spaces,
 * the input memory as hex in the first argument; prints the final r0 in hex on stdout and exits 0.
 * On any error it prints the message and exits 1. The upstream runner drives tsbpf with
 *   bpf_conformance_runner --test_file_directory tests --plugin_path tsbpf-plugin.sh
 * where the script runs `tsbpf conformance-plugin "$@"`.
 */
import { TsbpfError } from '../errors.js';
import { parseHexBytes } from '../text/hex-bytes.js';
import { conformanceHelpers } from '../vm/conformance-helpers.js';
import { compileBytes } from '../vm/program.js';
import type { Io } from './io.js';
import { ENGINES } from './run.js';

export default async function conformancePlugin(argv: string[], io: Io): Promise<number> {
  let memHex = '';
  let engine = 'interp';
  let elf = false;
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    if (a === '--engine' && argv[k + 1] !== undefined) engine = argv[++k]!;
    else if (a === '--elf') {
      const v = argv[k + 1]; // the runner passes `--elf true|false`
      if (v === 'true' || v === 'false') k++;
      elf = v !== 'false';
    }
    else if (!a.startsWith('--') && k === 0) memHex = a; // the runner puts the memory first
  }
  try {
    if (elf) throw new Error('ELF input (--elf) is not supported by this plugin; run the runner without --elf');
    const run = ENGINES[engine];
    if (!run) throw new Error(`unknown engine ${engine}`);
    const programText = new TextDecoder().decode(await io.readFile('-'));
    const bytes = parseHexBytes(programText, '<stdin>');
    const mem = memHex.trim() === '' ? undefined : parseHexBytes(memHex, '<memory>');
    const program = compileBytes(bytes, { helpers: conformanceHelpers });
    const { r0 } = run({ program, helpers: conformanceHelpers }, { mem, limit: 1_000_000 });
    io.stdout(`${r0.toString(16)}\n`);
    return 0;
  } catch (e) {
    // The runner compares the first line of the output with a test's expected error text.
    io.stdout(`${e instanceof TsbpfError ? e.message : e instanceof Error ? e.message : String(e)}\n`);
    io.stderr(`tsbpf: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
