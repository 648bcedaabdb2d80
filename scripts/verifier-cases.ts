/** Assembles test/golden/verifier/cases.txt to JSON for scripts/kernel-verifier-goldens.py. */
import { bytecodeHex, parseCases } from '../test/helpers/verifier-cases.js';

const cases = parseCases().map((c) => ({ name: c.name, progType: c.progType, maps: c.maps, bytecode: bytecodeHex(c.insns) }));
process.stdout.write(JSON.stringify(cases, null, 1) + '\n');
