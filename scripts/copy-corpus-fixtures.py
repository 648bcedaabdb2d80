#!/usr/bin/env python3
"""Copies a representative subset of ../shared/corpus/ebpf-samples into test/fixtures/ebpf-samples
with a trimmed manifest (the fields the loader test checks). The full corpus test runs against
../shared when it is present."""
import json, os, shutil, sys
src = sys.argv[1] if len(sys.argv) > 1 else '/work/shared/corpus/ebpf-samples'
dst = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'ebpf-samples')
FOLDERS = ['build', 'bpf_cilium_test', 'cilium-ebpf', 'cilium-examples', 'invalid', 'katran', 'linux',
           'new_linux', 'ovs', 'prototype-kernel', 'suricata', 'libbpf-bootstrap']
m = json.load(open(os.path.join(src, 'manifest.json')))
keep = lambda path: path.split('/')[0] in FOLDERS
os.makedirs(dst, exist_ok=True)
for o in m['objects']:
    if keep(o['object']):
        os.makedirs(os.path.join(dst, os.path.dirname(o['object'])), exist_ok=True)
        shutil.copyfile(os.path.join(src, o['object']), os.path.join(dst, o['object']))
fields = ['object', 'section', 'function', 'prog_type', 'prog_type_from', 'insns', 'kernel_6_18', 'error']
out = {'kernel': m['kernel'],
       'objects': [{k: o[k] for k in ('object', 'status', 'sha256')} for o in m['objects'] if keep(o['object'])],
       'programs': [{k: p[k] for k in fields} for p in m['programs'] if keep(p['object'])]}
json.dump(out, open(os.path.join(dst, 'manifest.json'), 'w'), indent=0)
