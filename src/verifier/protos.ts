/**
 * Helper prototypes as the verifier needs them (the kernel's `struct bpf_func_proto`): argument
 * kinds, return kind, GPL-only flag, packet-data changes. Only helpers listed here can be
 * verified; any other id is rejected (never accepted on a guess).
 */
export type ArgKind =
  | 'anything' | 'const_map_ptr' | 'map_key' | 'map_value' | 'map_value_or_null' | 'ctx' | 'ctx_or_null'
  | 'mem_ro' | 'mem_ro_or_null' | 'mem_rw' | 'mem_uninit' | 'size' | 'size_or_zero' | 'alloc_size_or_zero'
  | 'ringbuf_mem_release' | 'spin_lock' | 'mem_uninit_map_value' | 'func' | 'stack_or_null' | 'sock_common' | 'const_str'
  /** ARG_PTR_TO_BTF_ID: a kernel struct pointer of the type named in `btfIds`. */
  | 'btf_id';

export type RetKind =
  | 'integer' | 'void' | 'map_value_or_null' | 'map_value' | 'ringbuf_mem_or_null' | 'task_btf' | 'sock_or_null';

export interface HelperProto {
  args: ArgKind[];
  ret: RetKind;
  gplOnly?: boolean;
  changesPktData?: boolean;
  /** Per argument: the struct an ARG_PTR_TO_BTF_ID argument must point to (`arg*_btf_id`). */
  btfIds?: (string | undefined)[];
}

const P = (args: ArgKind[], ret: RetKind = 'integer', extra: Partial<HelperProto> = {}): HelperProto => ({ args, ret, ...extra });

export const HELPER_PROTOS: ReadonlyMap<number, HelperProto> = new Map<number, HelperProto>([
  [1, P(['const_map_ptr', 'map_key'], 'map_value_or_null')],
  [2, P(['const_map_ptr', 'map_key', 'map_value', 'anything'])],
  [3, P(['const_map_ptr', 'map_key'])],
  [4, P(['mem_uninit', 'size_or_zero', 'anything'], 'integer', { gplOnly: true })],
  [5, P([])],
  [6, P(['mem_ro', 'size'], 'integer', { gplOnly: true })],
  [7, P([])],
  [8, P([])],
  [9, P(['ctx', 'anything', 'mem_ro', 'size', 'anything'], 'integer', { changesPktData: true })],
  [10, P(['ctx', 'anything', 'anything', 'anything', 'anything'], 'integer', { changesPktData: true })],
  [11, P(['ctx', 'anything', 'anything', 'anything', 'anything'], 'integer', { changesPktData: true })],
  [12, P(['ctx', 'const_map_ptr', 'anything'], 'void')],
  [13, P(['ctx', 'anything', 'anything'], 'integer', { changesPktData: true })],
  [14, P([])],
  [15, P([])],
  [16, P(['mem_uninit', 'size'])],
  [18, P(['ctx', 'anything', 'anything'], 'integer', { changesPktData: true })],
  [19, P(['ctx'], 'integer', { changesPktData: true })],
  [20, P(['ctx', 'mem_uninit', 'size', 'anything'])],
  [21, P(['ctx', 'mem_ro', 'size', 'anything'])],
  [22, P(['const_map_ptr', 'anything'], 'integer', { gplOnly: true })],
  [23, P(['anything', 'anything'])],
  [25, P(['ctx', 'const_map_ptr', 'anything', 'mem_ro', 'size_or_zero'], 'integer', { gplOnly: true })],
  [26, P(['ctx', 'anything', 'mem_uninit', 'size'])],
  [27, P(['ctx', 'const_map_ptr', 'anything'], 'integer', { gplOnly: true })],
  [28, P(['mem_ro_or_null', 'size_or_zero', 'mem_ro_or_null', 'size_or_zero', 'anything'])],
  [29, P(['ctx', 'mem_uninit', 'size'])],
  [30, P(['ctx', 'mem_ro', 'size'])],
  [31, P(['ctx', 'anything', 'anything'], 'integer', { changesPktData: true })],
  [33, P(['ctx', 'const_map_ptr', 'anything'])],
  [34, P(['ctx'])],
  [35, P([], 'integer', { gplOnly: true })],
  [37, P(['const_map_ptr', 'anything'], 'integer', { gplOnly: true })],
  [38, P(['ctx', 'anything', 'anything'], 'integer', { changesPktData: true })],
  [39, P(['ctx', 'anything'], 'integer', { changesPktData: true })],
  [41, P(['ctx'], 'void')],
  [43, P(['ctx', 'anything', 'anything'], 'integer', { changesPktData: true })],
  [44, P(['ctx', 'anything'], 'integer', { changesPktData: true })],
  [45, P(['mem_uninit', 'size_or_zero', 'anything'], 'integer', { gplOnly: true })],
  [46, P(['ctx'])],
  [49, P(['ctx', 'anything', 'anything', 'mem_ro', 'size'])],
  [51, P(['const_map_ptr', 'anything', 'anything'])],
  [52, P(['ctx', 'const_map_ptr', 'anything', 'anything'])],
  [53, P(['ctx', 'const_map_ptr', 'map_key', 'anything'])],
  [54, P(['ctx', 'anything'], 'integer', { changesPktData: true })],
  [55, P(['const_map_ptr', 'anything', 'mem_uninit', 'size'], 'integer', { gplOnly: true })],
  [56, P(['ctx', 'mem_uninit', 'size'], 'integer', { gplOnly: true })],
  [57, P(['ctx', 'anything', 'anything', 'mem_uninit', 'size'])],
  [65, P(['ctx', 'anything'], 'integer', { changesPktData: true })],
  [67, P(['ctx', 'mem_uninit', 'size_or_zero', 'anything'], 'integer', { gplOnly: true })],
  [69, P(['ctx', 'mem_rw', 'size', 'anything'])],
  [80, P([], 'integer', { gplOnly: true })],
  [87, P(['const_map_ptr', 'map_value', 'anything'])],
  [46, P(['ctx'])],
  [47, P(['ctx'])],
  [48, P(['ctx', 'anything'])],
  [59, P(['ctx', 'anything'])],
  [64, P(['ctx', 'mem_ro', 'size'])],
  [70, P(['ctx', 'const_map_ptr', 'map_key', 'anything'])],
  [72, P(['ctx', 'const_map_ptr', 'map_key', 'anything'])],
  [79, P(['ctx'])],
  [81, P(['const_map_ptr', 'anything'], 'map_value')],
  [88, P(['const_map_ptr', 'mem_uninit_map_value'])],
  [89, P(['const_map_ptr', 'mem_uninit_map_value'])],
  [93, P(['spin_lock'], 'void')],
  [94, P(['spin_lock'], 'void')],
  [109, P(['anything'])],
  [117, P(['anything'])],
  [120, P(['anything', 'anything', 'mem_uninit', 'size'])],
  [122, P(['ctx_or_null'])],
  [123, P(['anything'])],
  [125, P([])],
  [160, P([])],
  [174, P(['ctx'])],
  [112, P(['mem_uninit', 'size_or_zero', 'anything'], 'integer', { gplOnly: true })],
  [113, P(['mem_uninit', 'size_or_zero', 'anything'], 'integer', { gplOnly: true })],
  [114, P(['mem_uninit', 'size_or_zero', 'anything'], 'integer', { gplOnly: true })],
  [115, P(['mem_uninit', 'size_or_zero', 'anything'], 'integer', { gplOnly: true })],
  [118, P([])],
  [130, P(['const_map_ptr', 'mem_ro', 'size_or_zero', 'anything'])],
  [131, P(['const_map_ptr', 'alloc_size_or_zero', 'anything'], 'ringbuf_mem_or_null')],
  [132, P(['ringbuf_mem_release', 'anything'], 'void')],
  [133, P(['ringbuf_mem_release', 'anything'], 'void')],
  // bpf_sk_storage_get/delete (bpf_sk_storage_get_proto): the socket is ARG_PTR_TO_BTF_ID_SOCK_COMMON.
  [107, P(['const_map_ptr', 'sock_common', 'map_value_or_null', 'anything'], 'map_value_or_null')],
  [108, P(['const_map_ptr', 'sock_common'])],
  // bpf_get_current_task_btf: a trusted PTR_TO_BTF_ID task_struct (usable in arithmetic and as ARG_ANYTHING).
  [158, P([], 'task_btf')],
  [177, P(['mem_ro', 'size', 'mem_ro_or_null', 'size_or_zero'], 'integer', { gplOnly: true })], // trace_vprintk
  [181, P(['anything', 'func', 'stack_or_null', 'anything'])], // bpf_loop: the callback runs in its own frame
]);

/**
 * Program types whose context is the socket itself use `bpf_sk_storage_get_cg_sock_proto`
 * (the socket argument is the context pointer).
 */
export const CG_SOCK_SK_STORAGE_GET: HelperProto = P(['const_map_ptr', 'ctx', 'map_value_or_null', 'anything'], 'map_value_or_null');

/** Map-type requirements of map-taking helpers (`check_map_func_compatibility`, helper side). */
export const HELPER_MAP_TYPES: ReadonlyMap<number, readonly number[]> = new Map([
  [12, [3]], // tail_call: prog_array
  [25, [4]], // perf_event_output: perf_event_array
  [22, [4]],
  [55, [4]],
  [27, [7]], // get_stackid: stack_trace
  [51, [14, 17, 25, 16]], // redirect_map: devmap, xskmap, devmap_hash, cpumap
  [33, [8]],
  [37, [8]],
  [130, [27]], [131, [27]],
  [87, [22, 23, 30]],
  [107, [24]], [108, [24]], // sk_storage
]);

/** Map types that only the listed helpers may take (`check_map_func_compatibility`, map side). */
export const MAP_TYPE_HELPERS: ReadonlyMap<number, readonly number[]> = new Map([
  [24, [107, 108]], // sk_storage: bpf_sk_storage_get/delete only
]);
