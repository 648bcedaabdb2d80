/**
 * Vite configuration of the web playground. The page imports the tsbpf core straight from ../src
 * (no copy); the bundled examples (the clang objects and the capture in ../examples) and the
 * kernel BTF (../data/kernel-btf) are served next to the page in development and copied there at
 * build time, so git holds each binary once. `base: './'` keeps every asset path relative: web/dist works from any static server
 * and any sub-path.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const webRoot = dirname(fileURLToPath(import.meta.url));
const examplesDir = join(webRoot, '..', 'examples');

/** The example binaries the page offers: every compiled object and the bundled capture. */
export function exampleAssets(): string[] {
  return readdirSync(examplesDir).filter((f) => f.endsWith('.o') || f.endsWith('.pcap')).sort();
}

/**
 * The committed kernel BTF (gzip), which the page fetches when the user opens an object of their
 * own: CO-RE relocations and __ksym externs are resolved against it, as the CLI does.
 */
export const KERNEL_BTF_ASSET = 'kernel-btf/vmlinux-6.18.btf.gz';
const kernelBtfFile = join(webRoot, '..', 'data', KERNEL_BTF_ASSET);

/** URL path (under the page) → file on disk, for every binary the page may fetch. */
function staticBinaries(): Map<string, string> {
  const files = new Map<string, string>(exampleAssets().map((f) => [`examples/${f}`, join(examplesDir, f)]));
  files.set(KERNEL_BTF_ASSET, kernelBtfFile);
  return files;
}

function bundledExamples(): Plugin {
  return {
    name: 'tsbpf-examples',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = ((req.url ?? '').split('?')[0] ?? '').replace(/^\/+/, '');
        const file = staticBinaries().get(path);
        if (!file) return next();
        res.setHeader('Content-Type', 'application/octet-stream');
        res.end(readFileSync(file));
      });
    },
    generateBundle() {
      for (const [fileName, file] of staticBinaries()) this.emitFile({ type: 'asset', fileName, source: readFileSync(file) });
    },
  };
}

export default defineConfig({
  root: webRoot,
  base: './',
  plugins: [bundledExamples()],
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2048 },
  server: { fs: { allow: [join(webRoot, '..')] } },
});
