#!/bin/sh
# Runs classic programs in the running Linux kernel as socket filters on a veth pair (root needed)
# and records what each returned for each frame into test/golden/classic/kernel-runs.json, via
# scripts/kernel-cbpf-run.c and scripts/gen-kernel-cbpf-goldens.ts.
#
#   sh scripts/gen-kernel-cbpf-goldens.sh
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
cleanup() { ip link del tsbpf-tx 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
cc -O1 -o "$work/kernel-cbpf-run" "$here/scripts/kernel-cbpf-run.c"
ip link add tsbpf-tx type veth peer name tsbpf-rx
for i in tsbpf-tx tsbpf-rx; do
  sysctl -qw "net.ipv6.conf.$i.disable_ipv6=1"
  ip link set "$i" up
done
sleep 1
RX_MAC=$(cat /sys/class/net/tsbpf-rx/address) RUNNER="$work/kernel-cbpf-run" WORK="$work" KERNEL="$(uname -r)" \
  node --import tsx "$here/scripts/gen-kernel-cbpf-goldens.ts"
