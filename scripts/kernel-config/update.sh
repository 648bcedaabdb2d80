#!/bin/sh
# Copies the running kernel's configuration (/proc/config.gz, CONFIG_IKCONFIG_PROC) next to its
# BTF: the verifier folds libbpf's `.kconfig` externs (CONFIG_HZ, LINUX_KERNEL_VERSION, …) from it
# as the kernel does with the values libbpf fills in. Run on the reference machine (Linux 6.18).
set -eu
here=$(dirname "$0")
out="$here/../../data/kernel-config/config-6.18.gz"
zcat /proc/config.gz | gzip -9n > "$out"
echo "$out: $(zcat "$out" | sed -n 3p)"
