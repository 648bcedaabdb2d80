/**
 * The binaries served next to the page (web/vite.config.ts copies them at build time): the bundled
 * examples and the committed kernel BTF. Paths are relative to the page, so any static host works.
 */

/** Where web/vite.config.ts puts the kernel BTF (its KERNEL_BTF_ASSET). */
const KERNEL_BTF_ASSET = 'kernel-btf/vmlinux-6.18.btf.gz';

async function fetchBytes(path: string): Promise<Response> {
  const response = await fetch(new URL(path, document.baseURI));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response;
}

/** A bundled example file (examples/*.o, traffic.pcap). */
export async function fetchExample(file: string): Promise<Uint8Array> {
  const response = await fetchBytes(`examples/${encodeURIComponent(file)}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Linux 6.18's BTF, unpacked (1.7 MB gzip → raw `.BTF` bytes) in the page. */
export async function fetchKernelBtf(): Promise<Uint8Array> {
  const response = await fetchBytes(KERNEL_BTF_ASSET);
  if (!response.body) throw new Error(`${KERNEL_BTF_ASSET}: empty response`);
  const unpacked = response.body.pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(unpacked).arrayBuffer());
}
