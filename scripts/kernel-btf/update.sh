#!/usr/bin/env bash
# Regenerates data/kernel-btf/vmlinux-6.18.btf.gz from the running kernel's BTF.
# Run on the reference machine (Linux 6.18); the file is the kernel's own type information,
# used where libbpf and the verifier consult vmlinux BTF (CO-RE relocations, struct_ops,
# BTF-typed pointers).
set -euo pipefail
cd "$(dirname "$0")/../.."
uname -r | grep -q '^6\.18\.' || { echo "not a 6.18 kernel: $(uname -r)" >&2; exit 1; }
gzip -9 -n -c /sys/kernel/btf/vmlinux > data/kernel-btf/vmlinux-6.18.btf.gz
uname -r > data/kernel-btf/KERNEL_RELEASE
sha256sum /sys/kernel/btf/vmlinux | cut -d' ' -f1 > data/kernel-btf/vmlinux-6.18.btf.sha256
