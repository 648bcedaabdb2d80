#!/bin/sh
# Records the running kernel's accept/reject verdict for seccomp filters into
# test/golden/seccomp/kernel-check.json (scripts/kernel-seccomp-check.c + gen-seccomp-kernel-goldens.ts).
#
#   sh scripts/gen-seccomp-kernel-goldens.sh
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O1 -o "$work/kernel-seccomp-check" "$here/scripts/kernel-seccomp-check.c"
CHECKER="$work/kernel-seccomp-check" KERNEL="$(uname -r)" node --import tsx "$here/scripts/gen-seccomp-kernel-goldens.ts"
