#!/bin/sh
# Records the running kernel's accept/reject verdict for seccomp filters into
# test/golden/seccomp/kernel-check.json (scripts/kernel-seccomp-check.c), and what harmless system
# calls did under filter stacks into kernel-runs.json (scripts/kernel-seccomp-run.c; x86_64 hosts).
#
#   sh scripts/gen-seccomp-kernel-goldens.sh
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O1 -o "$work/kernel-seccomp-check" "$here/scripts/kernel-seccomp-check.c"
cc -O1 -o "$work/kernel-seccomp-run" "$here/scripts/kernel-seccomp-run.c"
CHECKER="$work/kernel-seccomp-check" RUNNER="$work/kernel-seccomp-run" KERNEL="$(uname -r)" \
  node --import tsx "$here/scripts/gen-seccomp-kernel-goldens.ts"
