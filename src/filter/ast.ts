/**
 * The syntax tree of a filter expression. Qualifiers are already resolved: a bare address such as
 * the `10.0.0.2` of `host 10.0.0.1 or 10.0.0.2` carries the qualifiers it inherits.
 */

/** Protocol qualifier (libpcap's Q_* protocol values). `undef` marks a context without qualifiers. */
export type Proto =
  | 'default' | 'undef' | 'link' | 'ip' | 'ip6' | 'arp' | 'rarp' | 'tcp' | 'udp' | 'icmp' | 'icmp6' | 'igmp'
  | 'igrp' | 'pim' | 'vrrp' | 'carp' | 'sctp' | 'ah' | 'esp' | 'radio' | 'atalk' | 'aarp' | 'decnet' | 'lat'
  | 'sca' | 'moprc' | 'mopdl' | 'iso' | 'esis' | 'isis' | 'clnp' | 'stp' | 'ipx' | 'netbeui' | 'l1' | 'l2'
  | 'iih' | 'lsp' | 'snp' | 'csnp' | 'psnp';
export type Dir = 'default' | 'undef' | 'src' | 'dst' | 'or' | 'and';
export type Addr = 'default' | 'undef' | 'host' | 'net' | 'port' | 'portrange' | 'gateway' | 'proto' | 'protochain';

export interface Qual {
  proto: Proto;
  dir: Dir;
  addr: Addr;
}
/** The qualifiers of a context that has none (libpcap's `qerr`). */
export const NO_QUAL: Qual = { proto: 'undef', dir: 'undef', addr: 'undef' };

export type Id =
  | { kind: 'num'; value: number }
  | { kind: 'hid'; text: string }
  | { kind: 'hid-prefix'; text: string; masklen: number }
  | { kind: 'hid-mask'; text: string; mask: string }
  | { kind: 'hid6'; text: string; masklen: number; explicitLen: boolean }
  | { kind: 'eid'; text: string }
  | { kind: 'name'; text: string };

export type RelOp = 'jgt' | 'jge' | 'jeq';
export type ArithOp = 'add' | 'sub' | 'mul' | 'div' | 'mod' | 'and' | 'or' | 'xor' | 'lsh' | 'rsh';

export type Arth =
  | { kind: 'num'; value: number }
  | { kind: 'len' }
  | { kind: 'load'; proto: Proto; index: Arth; size: number; column: number }
  | { kind: 'binop'; op: ArithOp; left: Arth; right: Arth; column: number }
  | { kind: 'neg'; operand: Arth };

export type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; operand: Expr }
  | { kind: 'id'; q: Qual; id: Id; column: number }
  | { kind: 'pname'; proto: Proto; column: number }
  | { kind: 'relation'; op: RelOp; reversed: boolean; left: Arth; right: Arth; column: number }
  | { kind: 'broadcast' | 'multicast'; proto: Proto; column: number }
  | { kind: 'less' | 'greater'; value: number }
  | { kind: 'vlan'; id: number | undefined; column: number }
  | { kind: 'mpls'; label: number | undefined; column: number }
  | { kind: 'inbound' | 'outbound'; column: number }
  | { kind: 'llc'; type: string | undefined; column: number }
  | { kind: 'ifindex'; value: number; column: number }
  | { kind: 'pppoed'; column: number }
  | { kind: 'pppoes'; session: number | undefined; column: number }
  | { kind: 'byte'; index: number; op: '=' | '<' | '>' | '&' | '|'; value: number; column: number }
  | { kind: 'unsupported'; what: string; column: number };
