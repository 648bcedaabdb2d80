/**
 * What kernel helpers see of the world: the maps, the CPU, a clock and random source
 * (deterministic by default so runs are reproducible), the current task, a memory image for
 * probe_read, the collected trace_printk output, and — set per run by the runner — the packet of
 * the program being run, tail calls and callbacks into BPF functions.
 */
import type { MapRegistry } from '../maps/registry.js';
import type { Region } from '../vm/memory.js';

/** Packet operations a program type provides (XDP buffer or socket buffer). */
export interface PacketAccess {
  readonly kind: 'xdp' | 'skb';
  /** Current packet bytes (data .. data_end), a live view. */
  data(): Uint8Array;
  /** Bytes of metadata before data (XDP data_meta), a live view. */
  meta(): Uint8Array;
  adjustHead?(delta: number): number;
  adjustTail?(delta: number): number;
  adjustMeta?(delta: number): number;
  changeTail?(newLen: number, flags: number): number;
  /** Writes fields that depend on the buffer (data, data_end, len…) back into the context. */
  sync(): void;
}

export interface TaskInfo {
  pid: number;
  tgid: number;
  uid: number;
  gid: number;
  comm: string;
}

export interface HelperEnvOptions {
  /** The CPU programs run on (bpf_get_smp_processor_id, per-CPU map slots); default 0. */
  cpu?: number;
  /** Nanosecond clock for ktime_get_*; default: a deterministic clock that advances 1 µs per call. */
  clock?: () => bigint;
  /** Seed of the deterministic bpf_get_prandom_u32 generator. */
  seed?: number;
  task?: Partial<TaskInfo>;
  /** Kernel/user memory for probe_read_*: address → bytes. Reads outside fail with -EFAULT. */
  memoryImage?: { addr: bigint; data: Uint8Array }[];
}

/** The tag of BPF function addresses (LD_IMM64 src=4) handed to loop/for_each callbacks. */
export const CODE_ADDR_TAG = 0xc0de000000000000n;

export class HelperEnv {
  readonly registry: MapRegistry;
  cpu: number;
  readonly clock: () => bigint;
  readonly task: TaskInfo;
  readonly memoryImage: { addr: bigint; data: Uint8Array }[];
  /** trace_printk lines, in order. */
  readonly trace: string[] = [];
  /** Redirect target recorded by bpf_redirect / bpf_redirect_map in the current run. */
  redirect: { ifindex: number; flags: number; map?: string } | undefined;
  /** Set by the runner for packet program types. */
  packet: PacketAccess | undefined;
  /** Address of the current program's context (r1 at entry). */
  ctxAddr = 0;
  /** Tail calls made in the current run (the kernel allows 33). */
  tailCalls = 0;
  /** Set by the runner: run BPF function at slot `target` with r1..r5; returns r0. */
  invokeCallback: ((target: number, args: bigint[]) => bigint) | undefined;
  /** Read-only region where keys are handed to for_each_map_elem callbacks. */
  scratch: Region | undefined;
  /** Spin locks held (VM addresses). */
  readonly locks = new Set<number>();
  private random: number;

  constructor(registry: MapRegistry, options: HelperEnvOptions = {}) {
    this.registry = registry;
    this.cpu = options.cpu ?? 0;
    let now = 1_000_000_000n;
    this.clock = options.clock ?? (() => (now += 1000n));
    this.random = (options.seed ?? 0x2545f491) >>> 0 || 1;
    this.task = { pid: 4242, tgid: 4242, uid: 0, gid: 0, comm: 'tsbpf', ...options.task };
    this.memoryImage = options.memoryImage ?? [];
  }

  /** xorshift32: deterministic, seedable. */
  nextRandom(): number {
    let x = this.random;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.random = x >>> 0;
    return this.random;
  }

  /** Resets the per-run state before each program run. */
  beginRun(ctxAddr: number, packet: PacketAccess | undefined): void {
    this.ctxAddr = ctxAddr;
    this.packet = packet;
    this.redirect = undefined;
    this.tailCalls = 0;
    if (this.locks.size) this.locks.clear(); // clear() allocates a new table even when empty
  }
}
