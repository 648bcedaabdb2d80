#!/usr/bin/env python3
"""Records how the running kernel's bpf() map commands answer a scripted sequence of operations
on every map type tsbpf models: each result (0 or -errno) and returned value/key. Run as root:

    sudo python3 scripts/kernel-golden/maps-errno.py > test/maps/golden/kernel-maps.json

test/maps/kernel-errno.test.ts replays the same sequence against src/maps and compares.
Hash-order-dependent answers are recorded as sets ('iterate' sorts the keys)."""
import ctypes, ctypes.util, json, os, platform, struct, sys

libc = ctypes.CDLL(ctypes.util.find_library('c'), use_errno=True)
SYS_BPF = 321  # x86-64
MAP_CREATE, LOOKUP, UPDATE, DELETE, NEXT, LOOKUP_AND_DELETE = 0, 1, 2, 3, 4, 21

def possible_cpus():
    text = open('/sys/devices/system/cpu/possible').read().strip()
    n = 0
    for part in text.split(','):
        a, _, b = part.partition('-')
        n += (int(b) if b else int(a)) - int(a) + 1
    return n

CPUS = possible_cpus()

def bpf(cmd, attr):
    buf = ctypes.create_string_buffer(bytes(attr), 128)
    r = libc.syscall(SYS_BPF, cmd, buf, 128)
    return r if r >= 0 else -ctypes.get_errno()

def create(t, k, v, n, flags=0, inner_fd=0, extra=0):
    attr = bytearray(128)
    struct.pack_into('<IIIIII', attr, 0, t, k, v, n, flags, inner_fd)
    struct.pack_into('<Q', attr, 64, extra)  # map_extra
    return bpf(MAP_CREATE, attr)

def elem(cmd, fd, key, value_size, value=None, flags=0):
    kbuf = ctypes.create_string_buffer(bytes(key) if key is not None else b'', max(1, len(key) if key else 1))
    vbuf = ctypes.create_string_buffer(bytes(value) if value is not None else b'', max(1, value_size))
    attr = bytearray(128)
    # DELETE's last attribute field is the key: a nonzero value pointer would be EINVAL.
    vptr = 0 if cmd == DELETE else ctypes.addressof(vbuf)
    struct.pack_into('<IIQQQ', attr, 0, fd, 0, ctypes.addressof(kbuf) if key is not None else 0, vptr, flags)
    r = bpf(cmd, attr)
    return r, vbuf.raw[:value_size]

T = dict(hash=1, array=2, prog_array=3, perf_event_array=4, percpu_hash=5, percpu_array=6, lru_hash=9,
         lru_percpu_hash=10, lpm_trie=11, array_of_maps=12, hash_of_maps=13, queue=22, stack=23, ringbuf=27, bloom_filter=30)

u32 = lambda i: struct.pack('<I', i)
u64 = lambda i: struct.pack('<Q', i)
def lpm(prefix, *octets): return struct.pack('<I', prefix) + bytes(octets)
def percpu(*vals): return b''.join(u64(v) for v in vals)

def run_case(case, fds):
    c = case['create']
    inner = fds.get(c.get('inner')) or 0
    fd = create(T[c['type']], c['key_size'], c['value_size'], c['max_entries'], c.get('flags', 0), inner, c.get('extra', 0))
    case['create_result'] = fd if fd < 0 else 0
    if fd < 0:
        return
    fds[case['name']] = fd
    vsize = c['value_size'] * (CPUS if c['type'] in ('percpu_hash', 'percpu_array', 'lru_percpu_hash') else 1)
    if c['type'] in ('percpu_hash', 'percpu_array', 'lru_percpu_hash'):
        vsize = ((c['value_size'] + 7) & ~7) * CPUS
    for op in case['ops']:
        key = bytes.fromhex(op['key']) if op.get('key') is not None else None
        if op['op'] == 'update':
            value = u32(fds[op['value_fd']]) if 'value_fd' in op else bytes.fromhex(op['value'])
            op['result'], _ = elem(UPDATE, fd, key, len(value), value, op.get('flags', 0))
        elif op['op'] in ('lookup', 'lookup_and_delete'):
            value = bytes.fromhex(op['value_in']) if 'value_in' in op else None
            r, v = elem(LOOKUP if op['op'] == 'lookup' else LOOKUP_AND_DELETE, fd, key, max(vsize, len(value or b'')), value)
            op['result'] = r
            if r == 0 and not op.get('ignore_value') and vsize:
                op['value'] = v.hex()
        elif op['op'] == 'delete':
            op['result'], _ = elem(DELETE, fd, key, 0)
        elif op['op'] == 'next':
            r, v = elem(NEXT, fd, key, c['key_size'])
            op['result'] = r
            if r == 0 and not op.get('ignore_value'):
                op['next'] = v.hex()
        elif op['op'] == 'iterate':
            keys, k = [], None
            while True:
                r, v = elem(NEXT, fd, k, c['key_size'])
                if r < 0:
                    break
                keys.append(v.hex())
                k = v
                if len(keys) > 1000:
                    break
            op['keys'] = keys if op.get('ordered') else sorted(keys)
        else:
            raise ValueError(op['op'])

A, N, E = 0, 1, 2  # BPF_ANY, BPF_NOEXIST, BPF_EXIST
h = lambda b: b.hex()
CASES = [
    {'name': 'array-bad-key', 'create': dict(type='array', key_size=8, value_size=8, max_entries=4), 'ops': []},
    {'name': 'array-zero-value', 'create': dict(type='array', key_size=4, value_size=0, max_entries=4), 'ops': []},
    {'name': 'array-zero-entries', 'create': dict(type='array', key_size=4, value_size=8, max_entries=0), 'ops': []},
    {'name': 'array', 'create': dict(type='array', key_size=4, value_size=6, max_entries=4), 'ops': [
        dict(op='lookup', key=h(u32(0))), dict(op='lookup', key=h(u32(4))),
        dict(op='update', key=h(u32(1)), value='aabbccddeeff', flags=A),
        dict(op='update', key=h(u32(1)), value='010203040506', flags=N),
        dict(op='update', key=h(u32(1)), value='010203040506', flags=E),
        dict(op='update', key=h(u32(4)), value='010203040506', flags=A),
        dict(op='update', key=h(u32(2)), value='010203040506', flags=3),
        dict(op='update', key=h(u32(2)), value='010203040506', flags=4),
        dict(op='lookup', key=h(u32(1))), dict(op='delete', key=h(u32(0))),
        dict(op='next', key=None), dict(op='next', key=h(u32(1))), dict(op='next', key=h(u32(3))),
        dict(op='next', key=h(u32(9))), dict(op='lookup_and_delete', key=h(u32(1))),
    ]},
    {'name': 'percpu_array', 'create': dict(type='percpu_array', key_size=4, value_size=4, max_entries=2), 'ops': [
        dict(op='update', key=h(u32(0)), value=h(b''.join(struct.pack('<II', 0x11 + c, 0) for c in range(CPUS))), flags=A),
        dict(op='lookup', key=h(u32(0))), dict(op='lookup', key=h(u32(1))), dict(op='lookup', key=h(u32(2))),
        dict(op='update', key=h(u32(1)), value=h(bytes(8 * CPUS)), flags=N),
    ]},
    {'name': 'hash-zero-key', 'create': dict(type='hash', key_size=0, value_size=8, max_entries=4), 'ops': []},
    {'name': 'hash', 'create': dict(type='hash', key_size=4, value_size=8, max_entries=3), 'ops': [
        dict(op='lookup', key=h(u32(7))), dict(op='update', key=h(u32(7)), value=h(u64(1)), flags=E),
        dict(op='update', key=h(u32(7)), value=h(u64(1)), flags=A),
        dict(op='update', key=h(u32(7)), value=h(u64(2)), flags=N),
        dict(op='update', key=h(u32(7)), value=h(u64(3)), flags=E), dict(op='lookup', key=h(u32(7))),
        dict(op='update', key=h(u32(8)), value=h(u64(4)), flags=N),
        dict(op='update', key=h(u32(9)), value=h(u64(5)), flags=A),
        dict(op='update', key=h(u32(10)), value=h(u64(6)), flags=A),
        dict(op='update', key=h(u32(9)), value=h(u64(7)), flags=A),
        dict(op='update', key=h(u32(9)), value=h(u64(7)), flags=5),
        dict(op='iterate'), dict(op='delete', key=h(u32(10))), dict(op='delete', key=h(u32(8))),
        dict(op='update', key=h(u32(10)), value=h(u64(6)), flags=N), dict(op='iterate'),
        dict(op='next', key=h(u32(99)), ignore_value=True),
        dict(op='lookup_and_delete', key=h(u32(9))), dict(op='lookup', key=h(u32(9))),
    ]},
    {'name': 'hash-noprealloc', 'create': dict(type='hash', key_size=2, value_size=3, max_entries=2, flags=1), 'ops': [
        dict(op='update', key='0100', value='aabbcc'), dict(op='update', key='0200', value='aabbcc'),
        dict(op='update', key='0300', value='aabbcc'), dict(op='lookup', key='0200'), dict(op='iterate'),
    ]},
    {'name': 'percpu_hash', 'create': dict(type='percpu_hash', key_size=4, value_size=8, max_entries=2), 'ops': [
        dict(op='update', key=h(u32(1)), value=h(percpu(*range(5, 5 + CPUS))), flags=A),
        dict(op='lookup', key=h(u32(1))), dict(op='lookup', key=h(u32(2))),
        dict(op='update', key=h(u32(1)), value=h(percpu(*range(CPUS))), flags=N),
    ]},
    {'name': 'lru-noprealloc', 'create': dict(type='lru_hash', key_size=4, value_size=8, max_entries=8, flags=1), 'ops': []},
    {'name': 'lru_hash', 'create': dict(type='lru_hash', key_size=4, value_size=8, max_entries=64), 'ops': [
        dict(op='update', key=h(u32(1)), value=h(u64(1)), flags=E), dict(op='update', key=h(u32(1)), value=h(u64(1)), flags=A),
        dict(op='update', key=h(u32(1)), value=h(u64(1)), flags=N), dict(op='lookup', key=h(u32(1))),
        dict(op='delete', key=h(u32(1))), dict(op='delete', key=h(u32(1))),
    ]},
    {'name': 'lpm-prealloc', 'create': dict(type='lpm_trie', key_size=8, value_size=8, max_entries=4), 'ops': []},
    {'name': 'lpm-small-key', 'create': dict(type='lpm_trie', key_size=4, value_size=8, max_entries=4, flags=1), 'ops': []},
    {'name': 'lpm_trie', 'create': dict(type='lpm_trie', key_size=8, value_size=8, max_entries=5, flags=1), 'ops': [
        dict(op='update', key=h(lpm(8, 10, 0, 0, 0)), value=h(u64(8))),
        dict(op='update', key=h(lpm(16, 10, 1, 0, 0)), value=h(u64(16))),
        dict(op='update', key=h(lpm(24, 10, 1, 2, 0)), value=h(u64(24))),
        dict(op='update', key=h(lpm(24, 10, 1, 3, 99)), value=h(u64(25))),
        dict(op='update', key=h(lpm(33, 10, 1, 2, 0)), value=h(u64(33))),
        dict(op='update', key=h(lpm(16, 10, 1, 0, 0)), value=h(u64(17)), flags=N),
        dict(op='update', key=h(lpm(16, 10, 2, 0, 0)), value=h(u64(17)), flags=E),
        dict(op='lookup', key=h(lpm(32, 10, 1, 2, 3))), dict(op='lookup', key=h(lpm(32, 10, 1, 9, 9))),
        dict(op='lookup', key=h(lpm(32, 10, 9, 9, 9))), dict(op='lookup', key=h(lpm(32, 11, 0, 0, 1))),
        dict(op='lookup', key=h(lpm(12, 10, 1, 2, 3))), dict(op='lookup', key=h(lpm(32, 10, 1, 3, 7))),
        dict(op='iterate', ordered=True),
        dict(op='update', key=h(lpm(1, 128, 0, 0, 0)), value=h(u64(1))),
        dict(op='update', key=h(lpm(0, 0, 0, 0, 0)), value=h(u64(0))),
        dict(op='iterate', ordered=True),
        dict(op='delete', key=h(lpm(16, 10, 2, 0, 0))), dict(op='delete', key=h(lpm(40, 10, 2, 0, 0))),
        dict(op='delete', key=h(lpm(16, 10, 1, 0, 0))), dict(op='lookup', key=h(lpm(32, 10, 1, 9, 9))),
        dict(op='next', key=None), dict(op='next', key=h(lpm(24, 10, 1, 2, 0))),
    ]},
    {'name': 'queue-key', 'create': dict(type='queue', key_size=4, value_size=4, max_entries=4), 'ops': []},
    {'name': 'queue', 'create': dict(type='queue', key_size=0, value_size=4, max_entries=3), 'ops': [
        dict(op='lookup', key=None), dict(op='update', key=None, value=h(u32(1))),
        dict(op='update', key=None, value=h(u32(2))), dict(op='update', key=None, value=h(u32(3))),
        dict(op='update', key=None, value=h(u32(4))), dict(op='update', key=None, value=h(u32(4)), flags=N),
        dict(op='update', key=None, value=h(u32(5)), flags=E), dict(op='lookup', key=None),
        dict(op='lookup_and_delete', key=None), dict(op='lookup_and_delete', key=None),
        dict(op='lookup_and_delete', key=None), dict(op='lookup_and_delete', key=None),
        dict(op='delete', key=None), dict(op='next', key=None),
    ]},
    {'name': 'stack', 'create': dict(type='stack', key_size=0, value_size=4, max_entries=2), 'ops': [
        dict(op='update', key=None, value=h(u32(1))), dict(op='update', key=None, value=h(u32(2))),
        dict(op='update', key=None, value=h(u32(3))), dict(op='update', key=None, value=h(u32(3)), flags=E),
        dict(op='lookup', key=None), dict(op='lookup_and_delete', key=None), dict(op='lookup_and_delete', key=None),
        dict(op='lookup_and_delete', key=None),
    ]},
    {'name': 'bloom-key', 'create': dict(type='bloom_filter', key_size=4, value_size=4, max_entries=100), 'ops': []},
    {'name': 'bloom_filter', 'create': dict(type='bloom_filter', key_size=0, value_size=4, max_entries=1000), 'ops': [
        dict(op='update', key=None, value=h(u32(42))), dict(op='update', key=None, value=h(u32(43)), flags=N),
        dict(op='lookup', key=None, value_in=h(u32(42)), ignore_value=True),
        dict(op='lookup', key=None, value_in=h(u32(7)), ignore_value=True),
        dict(op='delete', key=None), dict(op='next', key=None), dict(op='lookup_and_delete', key=None),
    ]},
    {'name': 'ringbuf-size', 'create': dict(type='ringbuf', key_size=0, value_size=0, max_entries=4095), 'ops': []},
    {'name': 'ringbuf-key', 'create': dict(type='ringbuf', key_size=4, value_size=0, max_entries=4096), 'ops': []},
    {'name': 'ringbuf', 'create': dict(type='ringbuf', key_size=0, value_size=0, max_entries=4096), 'ops': [
        dict(op='lookup', key=None), dict(op='update', key=None, value=''), dict(op='delete', key=None), dict(op='next', key=None),
    ]},
    {'name': 'prog_array-value', 'create': dict(type='prog_array', key_size=4, value_size=8, max_entries=4), 'ops': []},
    {'name': 'prog_array', 'create': dict(type='prog_array', key_size=4, value_size=4, max_entries=4), 'ops': [
        dict(op='lookup', key=h(u32(0))), dict(op='delete', key=h(u32(0))), dict(op='delete', key=h(u32(9))),
        dict(op='update', key=h(u32(0)), value=h(u32(0)), flags=N), dict(op='next', key=None), dict(op='next', key=h(u32(3))),
    ]},
    {'name': 'inner', 'create': dict(type='array', key_size=4, value_size=8, max_entries=2), 'ops': []},
    {'name': 'array_of_maps', 'create': dict(type='array_of_maps', key_size=4, value_size=4, max_entries=2, inner='inner'), 'ops': [
        dict(op='lookup', key=h(u32(0))), dict(op='update', key=h(u32(0)), value_fd='inner'),
        dict(op='lookup', key=h(u32(0)), ignore_value=True), dict(op='update', key=h(u32(2)), value_fd='inner'),
        dict(op='update', key=h(u32(1)), value_fd='inner', flags=N),
        dict(op='delete', key=h(u32(0))), dict(op='delete', key=h(u32(0))), dict(op='next', key=h(u32(1))),
    ]},
    {'name': 'hash_of_maps', 'create': dict(type='hash_of_maps', key_size=4, value_size=4, max_entries=2, inner='inner'), 'ops': [
        dict(op='update', key=h(u32(5)), value_fd='inner'), dict(op='update', key=h(u32(5)), value_fd='inner', flags=N),
        dict(op='lookup', key=h(u32(5)), ignore_value=True), dict(op='lookup', key=h(u32(6))),
        dict(op='delete', key=h(u32(5))), dict(op='delete', key=h(u32(5))),
    ]},
    {'name': 'perf_event_array-value', 'create': dict(type='perf_event_array', key_size=4, value_size=8, max_entries=2), 'ops': []},
    {'name': 'perf_event_array', 'create': dict(type='perf_event_array', key_size=4, value_size=4, max_entries=2), 'ops': [
        dict(op='lookup', key=h(u32(0))), dict(op='delete', key=h(u32(0))), dict(op='next', key=None),
    ]},
]

if os.geteuid() != 0:
    sys.exit('needs root (bpf() map commands)')
fds = {}
for case in CASES:
    run_case(case, fds)
for fd in fds.values():
    os.close(fd)
json.dump({'kernel': platform.release(), 'cpus': CPUS, 'cases': CASES}, sys.stdout, indent=1)
print()
