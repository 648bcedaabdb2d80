/**
 * Kernel helper implementations over the VM's helper interface (`HelperFn`): same ids, argument
 * order, return values and error codes as Linux. `kernelHelpers(env)` builds the table; the
 * behaviour of each entry is documented in docs/helpers.md.
 */
import { VmError } from '../errors.js';
import { helperId } from '../isa/helpers.js';
import { RingBufMap, PerfEventArrayMap } from '../maps/events.js';
import { RefMap } from '../maps/fdarray.js';
import { HashMap } from '../maps/hash.js';
import { ArrayMap } from '../maps/array.js';
import type { BpfMap } from '../maps/map.js';
import { ERRNO, MAP_TYPE } from '../maps/types.js';
import type { HelperContext, HelperFn } from '../vm/helpers.js';
import { HelperTable } from '../vm/helpers.js';
import type { Region } from '../vm/memory.js';
import { csumDiffHelper, l3CsumReplace, l4CsumReplace } from './net.js';
import { CODE_ADDR_TAG, type HelperEnv } from './env.js';
import { formatPrintk } from './printk.js';

/** Thrown by bpf_tail_call on success: the runner continues with program `target`. */
export class TailCall extends VmError {
  readonly target: number;
  constructor(target: number, pc: number) {
    super('tail-call', `tail call to program ${target}`, pc);
    this.target = target;
  }
}

export const MAX_TAIL_CALL_CNT = 33;
/** x86-64 TASK_SIZE_MAX: the top of user space (4-level paging). */
const TASK_SIZE_MAX = 0x00007ffffffff000n;
const BPF_F_CURRENT_CPU = 0xffffffffn;
const BPF_F_CTXLEN_SHIFT = 32n;
const XDP_ABORTED = 0n;
const XDP_REDIRECT = 4n;
const TC_ACT_SHOT = 2n;
const TC_ACT_REDIRECT = 7n;

const err = (e: number): bigint => BigInt(-e);
const u32 = (v: bigint): number => Number(BigInt.asUintN(32, v));
const s32 = (v: bigint): number => Number(BigInt.asIntN(32, v));

export function kernelHelpers(env: HelperEnv): HelperTable {
  const table = new HelperTable();
  const add = (name: string, fn: HelperFn): void => {
    const id = helperId(name);
    if (id === undefined) throw new Error(`unknown helper ${name}`);
    table.register(id, `bpf_${name}`, fn);
  };

  const mapOf = (ctx: HelperContext, addr: bigint): BpfMap => {
    const m = env.registry.byHandle(addr);
    if (!m) ctx.fault('helper-error', `0x${BigInt.asUintN(64, addr).toString(16)} is not a map pointer`);
    return m;
  };
  /** Copies `size` bytes out of VM memory (copies: map operations may grow memory). */
  const read = (ctx: HelperContext, addr: bigint, size: number): Uint8Array => (size === 0 ? new Uint8Array(0) : ctx.bytes(addr, size, false).slice());
  /**
   * `size` bytes of VM memory for a key the map only reads during the call (lookups allocate
   * nothing and keep no reference): short keys are copied into a reused buffer (cheaper than a
   * new view object), longer ones are a live view.
   */
  const keyScratch: Uint8Array[] = []; // by size, up to 16 bytes
  const view = (ctx: HelperContext, addr: bigint, size: number): Uint8Array => {
    if (size === 0) return new Uint8Array(0);
    if (size > 16) return ctx.bytes(addr, size, false);
    const key = keyScratch[size] ??= new Uint8Array(size);
    const at = ctx.hostOffset(addr, size, false);
    const bytes = ctx.space.bytes;
    for (let i = 0; i < size; i++) key[i] = bytes[at + i]!;
    return key;
  };
  const write = (ctx: HelperContext, addr: bigint, data: Uint8Array): void => {
    if (data.length) ctx.bytes(addr, data.length, true).set(data);
  };

  // ---- maps -------------------------------------------------------------------------------------
  add('map_lookup_elem', (ctx, m, key) => {
    const map = mapOf(ctx, m);
    return BigInt(map.lookupPtr(view(ctx, key, map.def.keySize), env.cpu));
  });
  add('map_update_elem', (ctx, m, key, value, flags) => {
    const map = mapOf(ctx, m);
    return BigInt(map.updateFromProgram(read(ctx, key, map.def.keySize), read(ctx, value, map.def.valueSize), Number(flags), env.cpu));
  });
  add('map_delete_elem', (ctx, m, key) => {
    const map = mapOf(ctx, m);
    return BigInt(map.delete(read(ctx, key, map.def.keySize)));
  });
  add('map_push_elem', (ctx, m, value, flags) => {
    const map = mapOf(ctx, m);
    return BigInt(map.push(read(ctx, value, map.def.valueSize), Number(flags)));
  });
  const popPeek = (pop: boolean): HelperFn => (ctx, m, value) => {
    const map = mapOf(ctx, m);
    if (map.def.type === MAP_TYPE.bloom_filter) return BigInt(map.peek(read(ctx, value, map.def.valueSize)) as number);
    const r = pop ? map.pop() : map.peek();
    if (typeof r === 'number') {
      ctx.bytes(value, map.def.valueSize, true).fill(0);
      return BigInt(r);
    }
    write(ctx, value, r);
    return 0n;
  };
  add('map_pop_elem', popPeek(true));
  add('map_peek_elem', popPeek(false));
  add('map_lookup_percpu_elem', (ctx, m, key, cpu) => {
    const map = mapOf(ctx, m);
    if (u32(cpu) >= env.registry.cpus) return 0n;
    return BigInt(map.lookupPtr(view(ctx, key, map.def.keySize), u32(cpu)));
  });
  add('for_each_map_elem', (ctx, m, fn, cbCtx, flags) => {
    const map = mapOf(ctx, m);
    if (flags !== 0n) return err(ERRNO.EINVAL);
    const keys: Uint8Array[] = map instanceof HashMap ? map.keyList()
      : map instanceof ArrayMap ? Array.from({ length: map.def.maxEntries }, (_, i) => new Uint8Array(new Uint32Array([i]).buffer))
      : ctx.fault('helper-error', `bpf_for_each_map_elem: map type ${map.typeName} cannot be iterated`);
    const scratch = scratchRegion(env, ctx, map.def.keySize);
    let n = 0n;
    for (const key of keys) {
      const valuePtr = map.lookupPtr(key, env.cpu);
      if (!valuePtr) continue;
      ctx.space.write(scratch.vmAddr, key);
      n++;
      if (callback(ctx, fn, [m, BigInt(scratch.vmAddr), BigInt(valuePtr), cbCtx]) !== 0n) break;
    }
    return n;
  });
  add('loop', (ctx, count, fn, cbCtx, flags) => {
    if (flags !== 0n) return err(ERRNO.EINVAL);
    const n = u32(count);
    if (n > 1 << 23) return err(ERRNO.E2BIG);
    for (let i = 0; i < n; i++) {
      if (callback(ctx, fn, [BigInt(i), cbCtx]) !== 0n) return BigInt(i + 1);
    }
    return BigInt(n);
  });
  const callback = (ctx: HelperContext, fn: bigint, args: bigint[]): bigint => {
    if ((BigInt.asUintN(64, fn) & 0xffff000000000000n) !== CODE_ADDR_TAG || !env.invokeCallback) {
      ctx.fault('helper-error', `0x${BigInt.asUintN(64, fn).toString(16)} is not a BPF function address`);
    }
    return BigInt.asUintN(64, env.invokeCallback(Number(fn & 0xffffffffn), args));
  };

  // ---- time, randomness, CPU, task --------------------------------------------------------------
  for (const name of ['ktime_get_ns', 'ktime_get_boot_ns', 'ktime_get_coarse_ns', 'ktime_get_tai_ns']) add(name, () => env.clock());
  add('jiffies64', () => env.clock() / 4_000_000n);
  add('get_prandom_u32', () => BigInt(env.nextRandom()));
  add('get_smp_processor_id', () => BigInt(env.cpu));
  add('get_numa_node_id', () => 0n);
  add('get_current_pid_tgid', () => (BigInt(env.task.tgid) << 32n) | BigInt(env.task.pid));
  add('get_current_uid_gid', () => (BigInt(env.task.gid) << 32n) | BigInt(env.task.uid));
  add('get_current_comm', (ctx, buf, size) => {
    const n = u32(size);
    const out = new Uint8Array(n);
    out.set(new TextEncoder().encode(env.task.comm).subarray(0, Math.max(0, n - 1)));
    write(ctx, buf, out);
    return 0n;
  });
  add('get_current_cgroup_id', () => 1n);
  add('get_current_task', () => 0n);

  // ---- trace_printk, probe_read -----------------------------------------------------------------
  add('trace_printk', (ctx, fmtAddr, fmtSize, a, b, c) => {
    const raw = read(ctx, fmtAddr, u32(fmtSize));
    const nul = raw.indexOf(0);
    if (nul < 0) return err(ERRNO.EINVAL);
    const fmt = new TextDecoder().decode(raw.subarray(0, nul));
    const { text, error } = formatPrintk(fmt, [a, b, c], { string: (p) => readCString(ctx, p, 256), bytes: (p, n) => read(ctx, p, n) });
    if (error) return err(ERRNO.EINVAL);
    env.trace.push(text.replace(/\n$/, ''));
    return BigInt(new TextEncoder().encode(text).length);
  });
  /**
   * The error for an address nothing backs, as x86-64 Linux gives it: kernel reads of user-range
   * or non-canonical addresses are refused with -ERANGE (copy_from_kernel_nofault_allowed),
   * other kernel addresses fault (-EFAULT); user reads fault. `probe_read` (compat) reads user
   * memory below TASK_SIZE and kernel memory above.
   */
  const unreadable = (space: 'kernel' | 'user' | 'compat', addr: bigint): bigint => {
    const a = BigInt.asUintN(64, addr);
    const kernelSide = space === 'kernel' || (space === 'compat' && a >= TASK_SIZE_MAX);
    // Below the canonical kernel half: user range or non-canonical.
    return kernelSide && a < 0xffff800000000000n ? err(ERRNO.ERANGE) : err(ERRNO.EFAULT);
  };
  const probeRead = (str: boolean, space: 'kernel' | 'user' | 'compat'): HelperFn => (ctx, dst, size, src) => {
    const n = u32(size);
    const data = probeBytes(ctx, src, n, str);
    if (!data) {
      if (n) ctx.bytes(dst, n, true).fill(0);
      return unreadable(space, src);
    }
    if (!str) {
      write(ctx, dst, data);
      return 0n;
    }
    const nul = data.indexOf(0);
    const len = Math.min(nul < 0 ? n - 1 : nul, n - 1);
    if (n === 0) return 0n;
    const out = new Uint8Array(len + 1);
    out.set(data.subarray(0, len));
    write(ctx, dst, out);
    return BigInt(len + 1);
  };
  const probeBytes = (ctx: HelperContext, src: bigint, n: number, partialOk: boolean): Uint8Array | undefined => {
    const a = BigInt.asUintN(64, src);
    for (const r of env.memoryImage) {
      if (a >= r.addr && a + BigInt(n) <= r.addr + BigInt(r.data.length)) return r.data.slice(Number(a - r.addr), Number(a - r.addr) + n);
      if (partialOk && a >= r.addr && a < r.addr + BigInt(r.data.length)) return r.data.slice(Number(a - r.addr));
    }
    if (a <= 0xffffffffn && n > 0) {
      const host = ctx.space.translate(Number(a), n, false);
      if (host >= 0) return ctx.space.bytes.slice(host, host + n);
    }
    return undefined;
  };
  add('probe_read', probeRead(false, 'compat'));
  add('probe_read_kernel', probeRead(false, 'kernel'));
  add('probe_read_user', probeRead(false, 'user'));
  add('probe_read_str', probeRead(true, 'compat'));
  add('probe_read_kernel_str', probeRead(true, 'kernel'));
  add('probe_read_user_str', probeRead(true, 'user'));
  add('strncmp', (ctx, s1, size, s2) => {
    const a = read(ctx, s1, u32(size));
    const b = new TextEncoder().encode(readCString(ctx, s2, u32(size) + 1));
    for (let i = 0; i < a.length; i++) {
      const x = a[i]!, y = b[i] ?? 0;
      if (x !== y) return x < y ? -1n : 1n;
      if (x === 0) break;
    }
    return 0n;
  });
  add('spin_lock', (ctx, lock) => {
    const a = u32(lock);
    ctx.hostOffset(lock, 4, true);
    if (env.locks.has(a)) ctx.fault('helper-error', `bpf_spin_lock: lock at 0x${a.toString(16)} is already held`);
    env.locks.add(a);
    return 0n;
  });
  add('spin_unlock', (ctx, lock) => {
    const a = u32(lock);
    if (!env.locks.delete(a)) ctx.fault('helper-error', `bpf_spin_unlock: lock at 0x${a.toString(16)} is not held`);
    return 0n;
  });

  // ---- tail calls, redirects --------------------------------------------------------------------
  add('tail_call', (ctx, _ctxArg, m, index) => {
    const map = mapOf(ctx, m);
    if (!(map instanceof RefMap) || !map.isProgArray) return ctx.fault('helper-error', `bpf_tail_call: map ${map.def.name} is not a prog_array`);
    const i = u32(index);
    if (i >= map.def.maxEntries || env.tailCalls >= MAX_TAIL_CALL_CNT) return err(ERRNO.ENOENT);
    const target = map.target(i);
    if (target === undefined) return err(ERRNO.ENOENT);
    env.tailCalls++;
    throw new TailCall(target, ctx.pc);
  });
  add('redirect', (_ctx, ifindex, flags) => {
    const xdp = env.packet?.kind === 'xdp';
    if (xdp ? flags !== 0n : (flags & ~1n) !== 0n) return xdp ? XDP_ABORTED : TC_ACT_SHOT;
    env.redirect = { ifindex: u32(ifindex), flags: Number(flags) };
    return xdp ? XDP_REDIRECT : TC_ACT_REDIRECT;
  });
  add('redirect_map', (ctx, m, key, flags) => {
    const map = mapOf(ctx, m);
    if ((flags & ~3n) !== 0n && (flags & ~0x1fn) !== 0n) return XDP_ABORTED;
    const k = new Uint8Array(new Uint32Array([u32(key)]).buffer);
    const target = map.lookupPtr(k, env.cpu);
    if (!target) return flags & 3n;
    env.redirect = { ifindex: u32(key), flags: Number(flags), map: map.def.name };
    return XDP_REDIRECT;
  });

  // ---- packets ----------------------------------------------------------------------------------
  const packet = (ctx: HelperContext, kind: 'xdp' | 'skb', name: string) => {
    const p = env.packet;
    if (!p || p.kind !== kind) ctx.fault('helper-error', `${name}: this program type has no ${kind === 'xdp' ? 'XDP buffer' : 'socket buffer'}`);
    return p;
  };
  const adjust = (name: string, op: 'adjustHead' | 'adjustTail' | 'adjustMeta'): HelperFn => (ctx, _c, delta) => {
    const p = packet(ctx, 'xdp', `bpf_${name}`);
    const r = p[op]!(s32(delta));
    p.sync();
    return BigInt(r);
  };
  add('xdp_adjust_head', adjust('xdp_adjust_head', 'adjustHead'));
  add('xdp_adjust_tail', adjust('xdp_adjust_tail', 'adjustTail'));
  add('xdp_adjust_meta', adjust('xdp_adjust_meta', 'adjustMeta'));
  add('xdp_get_buff_len', (ctx) => BigInt(packet(ctx, 'xdp', 'bpf_xdp_get_buff_len').data().length));
  add('skb_load_bytes', (ctx, _c, off, to, len) => {
    const data = packet(ctx, 'skb', 'bpf_skb_load_bytes').data();
    const o = u32(off), n = u32(len);
    if (o > 0xffff || o + n > data.length) {
      ctx.bytes(to, n, true).fill(0);
      return err(ERRNO.EFAULT);
    }
    write(ctx, to, data.slice(o, o + n));
    return 0n;
  });
  add('skb_store_bytes', (ctx, _c, off, from, len, flags) => {
    const data = packet(ctx, 'skb', 'bpf_skb_store_bytes').data();
    const o = u32(off), n = u32(len);
    if ((flags & ~3n) !== 0n) return err(ERRNO.EINVAL);
    if (o > 0xffff || o + n > data.length) return err(ERRNO.EFAULT);
    data.set(read(ctx, from, n), o);
    return 0n;
  });
  add('skb_change_tail', (ctx, _c, len, flags) => BigInt(packet(ctx, 'skb', 'bpf_skb_change_tail').changeTail!(u32(len), Number(flags))));
  add('l3_csum_replace', (ctx, _c, off, from, to, flags) => l3CsumReplace(packet(ctx, 'skb', 'bpf_l3_csum_replace').data(), u32(off), from, to, flags));
  add('l4_csum_replace', (ctx, _c, off, from, to, flags) => l4CsumReplace(packet(ctx, 'skb', 'bpf_l4_csum_replace').data(), u32(off), from, to, flags));
  add('csum_diff', (ctx, from, fromSize, to, toSize, seed) => csumDiffHelper(
    u32(fromSize) ? read(ctx, from, u32(fromSize)) : new Uint8Array(0), u32(fromSize),
    u32(toSize) ? read(ctx, to, u32(toSize)) : new Uint8Array(0), u32(toSize), u32(seed)));
  add('get_hash_recalc', () => 0n);
  add('set_hash_invalid', () => 0n);
  add('set_hash', () => 0n);
  add('csum_update', () => 0n);
  add('csum_level', () => 0n);
  add('get_socket_cookie', () => 0n);
  add('get_socket_uid', () => 65534n);
  add('get_cgroup_classid', () => 0n);
  add('get_netns_cookie', () => 1n);
  // No routing table, tunnels or stack traces outside the kernel: the answers of a host without them.
  add('fib_lookup', () => 4n); // BPF_FIB_LKUP_RET_NOT_FWDED
  add('skb_get_tunnel_key', (ctx, _c, key, size) => {
    ctx.bytes(key, u32(size), true).fill(0);
    return err(ERRNO.ENOENT);
  });
  add('skb_set_tunnel_key', () => 0n);
  add('get_stackid', () => err(ERRNO.EFAULT));
  add('clone_redirect', (_ctx, _c, ifindex, flags) => {
    env.redirect = { ifindex: u32(ifindex), flags: Number(flags) };
    return 0n;
  });

  // ---- event output -----------------------------------------------------------------------------
  const ringbuf = (ctx: HelperContext, m: bigint): RingBufMap => {
    const map = mapOf(ctx, m);
    if (!(map instanceof RingBufMap)) ctx.fault('helper-error', `map ${map.def.name} is not a ringbuf`);
    return map;
  };
  add('ringbuf_output', (ctx, m, data, size, flags) => {
    const rb = ringbuf(ctx, m);
    if ((flags & ~3n) !== 0n) return err(ERRNO.EINVAL);
    return BigInt(rb.output(read(ctx, data, u32(size))));
  });
  add('ringbuf_reserve', (ctx, m, size, flags) => (flags !== 0n ? 0n : BigInt(ringbuf(ctx, m).reserve(u32(size)))));
  const commit = (discard: boolean): HelperFn => (ctx, data) => {
    const addr = u32(data);
    for (const map of env.registry.maps) if (map instanceof RingBufMap && map.commit(addr, discard)) return 0n;
    return ctx.fault('helper-error', `bpf_ringbuf_${discard ? 'discard' : 'submit'}: 0x${addr.toString(16)} is not a reserved ring buffer record`);
  };
  add('ringbuf_submit', commit(false));
  add('ringbuf_discard', commit(true));
  add('ringbuf_query', (ctx, m, flags) => ringbuf(ctx, m).query(Number(flags)));
  add('perf_event_output', (ctx, _c, m, flags, data, size) => {
    const map = mapOf(ctx, m);
    if (!(map instanceof PerfEventArrayMap)) return ctx.fault('helper-error', `map ${map.def.name} is not a perf_event_array`);
    const f = BigInt.asUintN(64, flags);
    if ((f >> 52n) !== 0n) return err(ERRNO.EINVAL);
    const index = (f & 0xffffffffn) === BPF_F_CURRENT_CPU ? env.cpu : Number(f & 0xffffffffn);
    const ctxLen = Number((f >> BPF_F_CTXLEN_SHIFT) & 0xfffffn);
    let sample = read(ctx, data, u32(size));
    if (ctxLen) {
      const pkt = env.packet?.data() ?? new Uint8Array(0);
      if (ctxLen > pkt.length) return err(ERRNO.EFAULT);
      const joined = new Uint8Array(sample.length + ctxLen);
      joined.set(sample);
      joined.set(pkt.subarray(0, ctxLen), sample.length);
      sample = joined;
    }
    return BigInt(map.output(index, sample));
  });

  return table;
}

function readCString(ctx: HelperContext, addr: bigint, max: number): string {
  const bytes: number[] = [];
  for (let i = 0; i < max; i++) {
    const b = ctx.bytes(addr + BigInt(i), 1, false)[0]!;
    if (b === 0) break;
    bytes.push(b);
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** A small writable region for keys handed to callbacks (helper scratch). */
function scratchRegion(env: HelperEnv, ctx: HelperContext, size: number): Region {
  if (!env.scratch || env.scratch.capacity < size) env.scratch = ctx.space.map('helper-scratch', Math.max(size, 512), { writable: false });
  return env.scratch;
}
