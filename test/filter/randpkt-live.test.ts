/**
 * Live differential test, run only where Wireshark's randpkt and tcpdump are installed: random
 * Ethernet captures from randpkt (ARP, IPv4, IPv6, ICMP, UDP, SCTP, DNS, BGP, syslog frames with
 * random contents), filtered by tcpdump -r and by tsbpf's compiled programs, must keep the same
 * packets for a sample of the golden expressions. Skipped with a message when the tools are absent.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { compileClassic } from '../../src/classic/index.js';
import { compileFilter } from '../../src/filter/index.js';
import { CaptureReader } from '../../src/pcap/reader.js';
import { pcapFile, pcapIndices, type TestPacket } from './packets.js';

const haveTools = ['randpkt', 'tcpdump'].every((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0);
const TYPES = ['eth', 'arp', 'ip', 'ipv6', 'icmp', 'udp', 'sctp', 'dns', 'bgp', 'syslog'];

function readPackets(file: string): TestPacket[] {
  const reader = new CaptureReader();
  reader.push(new Uint8Array(readFileSync(file)));
  reader.end();
  const out: TestPacket[] = [];
  for (let p = reader.nextPacket(); p; p = reader.nextPacket()) out.push({ data: p.data.slice(), wireLen: p.origLen });
  return out;
}

test('randpkt captures: tsbpf keeps the packets tcpdump -r keeps', { skip: haveTools ? false : 'randpkt or tcpdump not installed' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-randpkt-'));
  try {
    const packets: TestPacket[] = [];
    for (const type of TYPES) {
      const f = join(dir, `${type}.pcap`);
      execFileSync('randpkt', ['-b', '120', '-c', '60', '-t', type, f]);
      packets.push(...readPackets(f));
    }
    const input = join(dir, 'all.pcap');
    const output = join(dir, 'kept.pcap');
    writeFileSync(input, pcapFile('EN10MB', packets));
    const golden = JSON.parse(readFileSync(new URL('../golden/tcpdump/expressions.json', import.meta.url), 'utf8')) as
      { cases: { expr: string; linkType: string; snaplen?: number; savefile?: boolean; ddd?: string[] }[] };
    const exprs = golden.cases.filter((c) => c.linkType === 'EN10MB' && c.ddd && c.snaplen === undefined && !c.savefile)
      .map((c) => c.expr).filter((_, i) => i % 5 === 0);
    let compared = 0;
    for (const expr of exprs) {
      let prog;
      try {
        prog = compileFilter(expr, { linkType: 'EN10MB', savefile: true });
      } catch {
        continue; // valid for a link type, not for a file (inbound/outbound)
      }
      // Register shifts differ between libpcap's bpf_filter and the kernel rules the interpreter follows.
      if (prog.some((i) => i.code === 0x6c || i.code === 0x7c)) continue;
      execFileSync('tcpdump', ['-r', input, '-w', output, ...(expr ? ['--', expr] : [])], { stdio: ['ignore', 'ignore', 'pipe'] });
      const want = new Set(pcapIndices(new Uint8Array(readFileSync(output))));
      const run = compileClassic(prog, { linkType: 1 });
      packets.forEach((p, i) => {
        assert.equal(run(p.data, { len: p.wireLen }) !== 0, want.has(i), `'${expr}': packet ${i}`);
      });
      compared++;
    }
    assert.ok(compared > 50);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
