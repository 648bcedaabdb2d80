#!/usr/bin/env bash
# Regenerates test/golden/llvm/ from clang / llvm-objdump / llvm-objcopy / llvm-mc (LLVM 14).
# See scripts/gen-llvm-goldens.ts for what is produced.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in clang llvm-objdump llvm-objcopy llvm-mc; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }
done
rm -rf test/golden/llvm/objects test/fixtures/ebpf-obj
exec node --import tsx scripts/gen-llvm-goldens.ts
