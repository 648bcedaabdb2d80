#!/bin/sh
# Refreshes the in-repo copy of the conformance corpus (test/fixtures/conformance) from
# ../shared/conformance, so a fresh clone runs the conformance tests without the shared folder.
# Keeps both upstream LICENSE files (bpf_conformance: MIT + Apache-2.0; uBPF: Apache-2.0) and the
# corpus README, which records provenance and licensing per file.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
src="$here/../shared/conformance"
dst="$here/test/fixtures/conformance"
[ -f "$src/manifest.json" ] || { echo "no corpus at $src" >&2; exit 1; }
rm -rf "$dst"
mkdir -p "$dst"
cp -r "$src/README.md" "$src/manifest.json" "$src/bpf_conformance" "$src/ubpf" "$dst/"
echo "copied $(find "$dst" -type f | wc -l) files to $dst"
