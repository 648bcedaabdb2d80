#!/bin/sh
# Builds the kernel's bpf_asm and bpf_dbg (GPL; used only as external oracles, never vendored) from
# Debian's linux-source package into a temporary directory, then records their behaviour into
# test/golden/bpf_tools/ with scripts/gen-bpf-tools-goldens.ts. bpf_dbg's `load bpf` attaches each
# program to a socket, so its verdicts are the running kernel's classic checker.
#
#   apt-get install flex bison libreadline-dev && sh scripts/gen-bpf-tools-goldens.sh
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download linux-source-6.1 >/dev/null
dpkg-deb --fsys-tarfile linux-source-6.1_*_all.deb | tar -x -O ./usr/src/linux-source-6.1.tar.xz \
  | tar -xJ --wildcards 'linux-source-6.1/tools/bpf/bpf_*'
cd linux-source-6.1/tools/bpf
flex -o bpf_exp.lex.c bpf_exp.l
bison -d -o bpf_exp.yacc.c bpf_exp.y
cc -O1 -o "$work/bpf_asm" bpf_asm.c bpf_exp.lex.c bpf_exp.yacc.c
cc -O1 -o "$work/bpf_dbg" bpf_dbg.c -lreadline
cd "$here"
BPF_ASM="$work/bpf_asm" BPF_DBG="$work/bpf_dbg" KERNEL="$(uname -r)" node --import tsx scripts/gen-bpf-tools-goldens.ts
