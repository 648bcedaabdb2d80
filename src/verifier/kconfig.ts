/**
 * libbpf's handling of `.kconfig` externs, for verifying objects as libbpf would load them.
 */
import type { Insn } from '../isa/insn.js';
import type { BpfObject } from '../loader/object.js';
import { BPF_F_RDONLY_PROG, type MapDef } from '../maps/types.js';
import { BTF_KIND, type Btf } from '../loader/btf.js';

/**
 * libbpf's `.kconfig` externs: libbpf backs them with a read-only array map of one value and points
 * each `ld_imm64` at its variable (BPF_PSEUDO_MAP_VALUE + offset). The map is given without
 * contents, so the verifier treats the values as unknown (every configuration is explored) rather
 * than guessing the kernel's configuration — unless the configuration is given (`KernelConfig`):
 * then the map holds the values libbpf writes, and the verifier folds them as the kernel does.
 * Other externs (`__ksym`) are the loader's.
 */
export function withKconfigMap(obj: BpfObject, insns: Insn[], externs: { insn: number; name: string }[], config?: KernelConfig): { insns: Insn[]; maps: MapDef[] } {
  const btf = obj.btf;
  const sec = btf?.datasec('.kconfig');
  if (!btf || !sec?.vars || !externs.length) return { insns, maps: obj.maps };
  // The object leaves the layout to libbpf: larger alignment first, then by name, each aligned.
  const vars = sec.vars.map((v) => {
    const size = btf.sizeOf(v.type);
    return { name: btf.get(v.type).name, size, align: Math.min(8, size & -size || 1), type: btf.get(v.type).sizeOrType };
  }).sort((a, b) => b.align - a.align || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const offsets = new Map<string, number>();
  let size = 0;
  for (const v of vars) {
    const at = Math.ceil(size / v.align) * v.align;
    offsets.set(v.name, at);
    size = at + v.size;
  }
  const mapIndex = obj.maps.length;
  const kconfig: MapDef = {
    name: '.kconfig', type: 2, keySize: 4, valueSize: Math.max(1, size), maxEntries: 1,
    flags: BPF_F_RDONLY_PROG, section: '.kconfig', offset: 0,
  };
  if (config) {
    // libbpf fills the map from the kernel's configuration and freezes it: the values are constants.
    const bytes = new Uint8Array(Math.max(1, size));
    for (const v of vars) kconfigValue(btf, v.name, v.type, config, bytes.subarray(offsets.get(v.name)!, offsets.get(v.name)! + v.size));
    kconfig.initial = bytes;
  }
  const out = insns.slice();
  let used = false;
  for (const e of externs) {
    const off = offsets.get(e.name);
    const i = out[e.insn];
    if (off === undefined || !i || i.code !== 0x18) continue;
    out[e.insn] = { ...i, src: 2, imm: mapIndex, hi: off };
    used = true;
  }
  return used ? { insns: out, maps: [...obj.maps, kconfig] } : { insns, maps: obj.maps };
}

/** A kernel's configuration as libbpf reads it (`/proc/config.gz`) and its release (`uname -r`). */
export interface KernelConfig {
  /** `6.18.44`: LINUX_KERNEL_VERSION. */
  release: string;
  /** `CONFIG_HZ` → `250`, `CONFIG_BPF_SYSCALL` → `y`, strings with their quotes. */
  values: ReadonlyMap<string, string>;
}

/** Parses a kernel `.config` (the release from its `# Linux/<arch> <release> Kernel Configuration` header). */
export function parseKernelConfig(text: string): KernelConfig {
  const values = new Map<string, string>();
  let release = '';
  for (const line of text.split('\n')) {
    const header = /^# Linux\/\S+ (\S+) Kernel Configuration/.exec(line);
    if (header) release = header[1]!;
    const m = /^(CONFIG_\w+)=(.*)$/.exec(line);
    if (m) values.set(m[1]!, m[2]!);
  }
  return { release, values };
}

/**
 * One `__kconfig` extern's bytes as libbpf writes them (`bpf_object__process_kconfig_line`,
 * `set_kcfg_value_*`, `kernel_supports`): bool, libbpf_tristate, char, integers, char arrays.
 * Values libbpf could not find stay zero (what a `__weak` extern gets).
 */
function kconfigValue(btf: Btf, name: string, typeId: number, config: KernelConfig, out: Uint8Array): void {
  const t = btf.skipModifiers(typeId);
  const isBool = t.kind === BTF_KIND.INT && ((t.intEncoding ?? 0) & 4) !== 0;
  const isTristate = (t.kind === BTF_KIND.ENUM || t.kind === BTF_KIND.ENUM64) && t.name === 'libbpf_tristate';
  const isCharArray = t.kind === BTF_KIND.ARRAY;
  const writeNum = (n: bigint): void => {
    for (let i = 0; i < out.length && !isCharArray; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn);
  };
  let value: string | undefined;
  if (name === 'LINUX_KERNEL_VERSION') {
    const [a = 0, b = 0, c = 0] = config.release.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
    return writeNum(BigInt((a << 16) + (b << 8) + Math.min(c, 255)));
  }
  // Features of a 6.18 x86-64 kernel that libbpf probes for.
  if (name === 'LINUX_HAS_BPF_COOKIE') return writeNum(1n);
  // libbpf detects the wrapper by opening a kprobe on `__x64_sys_bpf`: without kprobe events it finds none.
  if (name === 'LINUX_HAS_SYSCALL_WRAPPER') {
    const probed = config.values.get('CONFIG_ARCH_HAS_SYSCALL_WRAPPER') === 'y' && config.values.get('CONFIG_KPROBE_EVENTS') === 'y';
    return writeNum(probed ? 1n : 0n);
  }
  value = config.values.get(name);
  if (value === undefined) return;
  if (value === 'y' || value === 'n' || value === 'm') {
    if (isTristate) writeNum(value === 'y' ? 1n : value === 'm' ? 2n : 0n);
    else if (isBool) writeNum(value === 'y' ? 1n : 0n);
    else if (t.kind === BTF_KIND.INT && t.sizeOrType === 1) writeNum(BigInt(value.charCodeAt(0)));
    return;
  }
  if (value.startsWith('"')) {
    if (!isCharArray) return;
    const text = new TextEncoder().encode(value.slice(1, -1));
    out.set(text.subarray(0, Math.max(0, out.length - 1)));
    return;
  }
  if (/^-?(0x[0-9a-f]+|\d+)$/i.test(value) && t.kind === BTF_KIND.INT && !isBool) {
    writeNum(BigInt.asUintN(64, BigInt(value)));
  }
}
