#!/bin/sh
# libpcap's userland BPF (bpf_validate, bpf_filter) as an oracle for the `libpcap` checker profile and
# run-time semantics: records test/golden/classic/libpcap-runs.json.
#
#   apt-get install libpcap-dev && sh scripts/gen-libpcap-goldens.sh
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O1 -o "$work/libpcap-bpf-run" "$here/scripts/libpcap-bpf-run.c" -lpcap
RUNNER="$work/libpcap-bpf-run" WORK="$work" LIBPCAP="$(dpkg-query -W -f '${Version}' libpcap0.8-dev 2>/dev/null || echo unknown)" \
  node --import tsx "$here/scripts/gen-libpcap-goldens.ts"
