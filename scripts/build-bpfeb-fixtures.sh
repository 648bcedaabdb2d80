#!/bin/sh
# Big-endian builds of two examples (clang -target bpfeb) and their llvm-objdump listings, for the
# loader's byte-order test.
set -e
cd "$(dirname "$0")/.."
for c in xdp_counter tailcall; do
  clang -O2 -g -target bpfeb -I/usr/include/x86_64-linux-gnu -c "examples/$c.c" -o "test/fixtures/bpfeb/$c.o"
done
# What llvm-objdump sees in them: raw slots per function (test/loader/endian.test.ts).
for c in xdp_counter tailcall; do
  llvm-objdump -d "test/fixtures/bpfeb/$c.o" > "test/fixtures/bpfeb/$c.objdump.txt"
done
