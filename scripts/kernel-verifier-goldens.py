#!/usr/bin/env python3
"""Loads hand-written eBPF programs into the running Linux kernel (BPF_PROG_LOAD, never attached)
and records the verifier's verdict, errno and log at log_level 1 and 2 as golden data.

  node --import tsx scripts/verifier-cases.ts > /tmp/verifier-cases.json   # assemble the cases
  python3 scripts/kernel-verifier-goldens.py /tmp/verifier-cases.json test/golden/verifier/kernel-6.18.json

Needs root (CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN) on Linux 6.18. Map addresses in LD_IMM64 lines
change on every load; tests mask them.
"""
import ctypes, ctypes.util, json, os, platform, struct, sys

libc = ctypes.CDLL(None, use_errno=True)
SYS_BPF = 321  # x86_64
BPF_MAP_CREATE, BPF_PROG_LOAD = 0, 5
PROG_TYPES = {'socket_filter': 1, 'kprobe': 2, 'sched_cls': 3, 'tracepoint': 5, 'xdp': 6, 'raw_tracepoint': 17,
              'cgroup_skb': 8, 'sk_lookup': 30}

def bpf(cmd, attr):
    buf = ctypes.create_string_buffer(attr, 160)
    r = libc.syscall(SYS_BPF, cmd, buf, 160)
    return r, ctypes.get_errno(), buf.raw

def map_create(m):
    attr = struct.pack('<IIIII', m['type'], m['keySize'], m['valueSize'], m['maxEntries'], m.get('flags', 0))
    attr += b'\0' * 8  # inner_map_fd, numa_node
    name = m.get('name', '').encode()[:15]
    attr += name + b'\0' * (16 - len(name))
    fd, err, _ = bpf(BPF_MAP_CREATE, attr)
    if fd < 0:
        raise OSError(err, f"map create failed: {os.strerror(err)}")
    return fd

def load(case, level):
    fds = [map_create(m) for m in case.get('maps', [])]
    code = bytearray(bytes.fromhex(case['bytecode']))
    # LD_IMM64 with src=1 (BPF_PSEUDO_MAP_FD): imm is an index into the case's maps.
    for off in range(0, len(code), 8):
        if code[off] == 0x18 and (code[off + 1] >> 4) in (1, 2):
            idx = struct.unpack_from('<i', code, off + 4)[0]
            struct.pack_into('<i', code, off + 4, fds[idx])
    insns = ctypes.create_string_buffer(bytes(code), len(code))
    lic = ctypes.create_string_buffer(case.get('license', 'GPL').encode())
    logbuf = ctypes.create_string_buffer(16 << 20)
    attr = struct.pack('<IIQQIIQ', PROG_TYPES[case['progType']], len(code) // 8, ctypes.addressof(insns),
                       ctypes.addressof(lic), level, len(logbuf), ctypes.addressof(logbuf))
    fd, err, _ = bpf(BPF_PROG_LOAD, attr)
    if fd >= 0:
        os.close(fd)
    for f in fds:
        os.close(f)
    return fd >= 0, (None if fd >= 0 else err), logbuf.value.decode()

def main():
    cases = json.load(open(sys.argv[1]))
    out = {'kernel': f"Linux {platform.release()} {platform.machine()}", 'generator': 'scripts/kernel-verifier-goldens.py', 'cases': []}
    for c in cases:
        ok1, err1, log1 = load(c, 1)
        ok2, err2, log2 = load(c, 2)
        out['cases'].append({'name': c['name'], 'accepted': ok1, 'errno': err1 and os.strerror(err1) and {13: 'EACCES', 22: 'EINVAL', 7: 'E2BIG', 1: 'EPERM', 14: 'EFAULT', 9: 'EBADF'}.get(err1, str(err1)),
                             'log1': log1, 'log2': log2})
    json.dump(out, open(sys.argv[2], 'w'), indent=1)
    print(f"{len(cases)} cases written to {sys.argv[2]}")

main()
