/**
 * Vite configuration of the web playground. The page imports the tsbpf core straight from ../src
 * (no copy); the bundled examples (the clang objects and the capture in ../examples) are served
 * under `examples/` in development and copied next to the page at build time, so git holds each
 * binary once. `base: './'` keeps every asset path relative: web/dist works from any static server
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

function bundledExamples(): Plugin {
  return {
    name: 'tsbpf-examples',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = /\/examples\/([\w.-]+)$/.exec((req.url ?? '').split('?')[0] ?? '');
        const file = m?.[1];
        if (!file || !exampleAssets().includes(file)) return next();
        res.setHeader('Content-Type', 'application/octet-stream');
        res.end(readFileSync(join(examplesDir, file)));
      });
    },
    generateBundle() {
      for (const file of exampleAssets()) {
        this.emitFile({ type: 'asset', fileName: `examples/${file}`, source: readFileSync(join(examplesDir, file)) });
      }
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
