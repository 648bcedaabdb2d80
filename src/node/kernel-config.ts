/**
 * The committed Linux 6.18 kernel configuration (data/kernel-config/, copied from /proc/config.gz
 * by scripts/kernel-config/update.sh), read once per process: libbpf fills `.kconfig` externs from
 * the running kernel's configuration, so verifying an object as it was loaded needs it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { type KernelConfig, parseKernelConfig } from '../verifier/kconfig.js';

export const KERNEL_CONFIG_FILE = join(dirname(fileURLToPath(import.meta.url)), '../../data/kernel-config/config-6.18.gz');

const cache = new Map<string, KernelConfig>();

/** Parsed kernel configuration from a `.config` or `.config.gz`-style file (default: the committed 6.18 one). */
export function readKernelConfig(file: string = KERNEL_CONFIG_FILE): KernelConfig {
  let config = cache.get(file);
  if (!config) {
    const raw = readFileSync(file);
    config = parseKernelConfig((file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8'));
    cache.set(file, config);
  }
  return config;
}
