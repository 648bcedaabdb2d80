/**
 * Recursive-descent parser for pcap-filter(7), shaped after libpcap's grammar.y: `and` and `or`
 * have equal precedence and associate to the left, `not` binds tighter, and a bare address after
 * `and`/`or` inherits the qualifiers of the term before it (`port 22 or 80`).
 */
import type { Arth, ArithOp, Dir, Expr, Id, Proto, Qual, RelOp } from './ast.js';
import { NO_QUAL } from './ast.js';
import { FilterError, FilterSyntaxError } from './errors.js';
import { type Token, tokenize } from './lexer.js';

/** Keywords that name a protocol (`pname` in the grammar). */
const PNAMES = new Set<string>([
  'link', 'ip', 'ip6', 'arp', 'rarp', 'tcp', 'udp', 'icmp', 'icmp6', 'igmp', 'igrp', 'pim', 'vrrp', 'carp',
  'sctp', 'ah', 'esp', 'radio', 'atalk', 'aarp', 'decnet', 'lat', 'sca', 'moprc', 'mopdl', 'iso', 'esis',
  'isis', 'clnp', 'stp', 'ipx', 'netbeui', 'l1', 'l2', 'iih', 'lsp', 'snp', 'csnp', 'psnp',
]);
const ADDR_KW = new Set(['host', 'net', 'port', 'portrange', 'gateway']);
const DIR_KW = new Set(['src', 'dst']);
/** Keywords of primitives tsbpf does not implement. */
const UNSUPPORTED = new Set([
  'geneve', 'type', 'subtype', 'dir',
  'ra', 'ta', 'addr1', 'addr2', 'addr3', 'addr4', 'on', 'rnr', 'reason', 'rset', 'srnr', 'action', 'lane',
  'metac', 'bcc', 'sc', 'ilmic', 'oam', 'oamf4', 'oamf4ec', 'oamf4sc', 'connectmsg', 'metaconnect', 'vpi',
  'vci', 'fisu', 'lssu', 'msu', 'sio', 'opc', 'dpc', 'sls', 'hfisu', 'hlssu', 'hmsu', 'hsio', 'hopc',
  'hdpc', 'hsls',
]);

/**
 * Binary arithmetic operators with their binding power (C's order: | & shifts additive
 * multiplicative). `^` and `%` have no precedence in libpcap's grammar, so bison always shifts
 * them: they bind tighter than anything on their left and take everything to their right
 * (`1 + 2 ^ 3 * 4` is `1 + (2 ^ (3 * 4))`, `-len % 5` is `-(len % 5)`).
 */
const NO_PRECEDENCE = 100;
const ARITH_OPS_BP: Record<string, [ArithOp, number]> = {
  '|': ['or', 1], '&': ['and', 2], '<<': ['lsh', 3], '>>': ['rsh', 3], '+': ['add', 4], '-': ['sub', 4],
  '*': ['mul', 5], '/': ['div', 5], '%': ['mod', NO_PRECEDENCE], '^': ['xor', NO_PRECEDENCE],
};
/** Binding power of unary minus (libpcap's UMINUS, above every binary operator but `^` and `%`). */
const UMINUS_BP = 6;
const RELOPS: Record<string, [RelOp, boolean]> = {
  '>': ['jgt', false], '>=': ['jge', false], '=': ['jeq', false],
  '<=': ['jgt', true], '<': ['jge', true], '!=': ['jeq', true],
};
const ARITH_OPS = new Set(['|', '^', '&', '<<', '>>', '+', '-', '*', '/', '%', ...Object.keys(RELOPS)]);

/** Raised inside the parser to backtrack; never escapes. */
class Backtrack extends Error {}

/** Parses an expression; the empty expression (accept everything) is `undefined`. */
export function parseFilter(src: string): Expr | undefined {
  return new Parser(tokenize(src)).parseAll();
}

class Parser {
  private pos = 0;
  private readonly toks: Token[];
  /** Nesting of speculative parses: errors inside become Backtrack. */
  private speculating = 0;
  constructor(toks: Token[]) {
    this.toks = toks;
  }

  private peek(n = 0): Token {
    return this.toks[Math.min(this.pos + n, this.toks.length - 1)]!;
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }
  private is(text: string, n = 0): boolean {
    const t = this.peek(n);
    return (t.kind === 'kw' || t.kind === 'op') && t.text === text;
  }
  private fail(expected: string): never {
    if (this.speculating > 0) throw new Backtrack();
    const t = this.peek();
    const got = t.kind === 'eof' ? 'end of expression' : `'${t.text}'`;
    throw new FilterSyntaxError(`syntax error: expected ${expected}, found ${got}`, t.column, this.completed);
  }

  /**
   * Primitives complete so far, in the order bison would have reduced them. libpcap generates
   * code as it parses, so a semantic error in one of these wins over a later syntax error.
   */
  readonly completed: Expr[] = [];
  private done<T extends Expr>(e: T): T {
    if (this.speculating === 0) this.completed.push(e);
    return e;
  }
  private expect(text: string): Token {
    if (!this.is(text)) this.fail(`'${text}'`);
    return this.next();
  }

  parseAll(): Expr | undefined {
    if (this.peek().kind === 'eof') return undefined;
    const e = this.parseExpr();
    if (this.peek().kind !== 'eof') this.fail("'and', 'or' or end of expression");
    return e;
  }

  /** expr: term { (and|or) (term | id) } — the qualifiers of each operand carry over to a bare id. */
  private parseExpr(): Expr {
    let q: Qual = NO_QUAL;
    let left = this.parseTerm((x) => { q = x; });
    while (this.is('and') || this.is('or')) {
      const op = this.next().text as 'and' | 'or';
      let right: Expr;
      if (this.startsBareId()) right = this.parseId(q);
      else right = this.parseTerm((x) => { q = x; });
      left = { kind: op, left, right };
    }
    return left;
  }

  /** Whether the next tokens form an id (an address without qualifiers) rather than a term. */
  private startsBareId(at = 0): boolean {
    let n = at;
    while (this.is('not', n)) n++;
    const t = this.peek(n);
    if (t.kind === 'hid' || t.kind === 'hid6' || t.kind === 'eid' || t.kind === 'id') return true;
    if (t.kind === 'num') {
      const after = this.peek(n + 1);
      return !(after.kind === 'op' && ARITH_OPS.has(after.text));
    }
    // `(10.0.0.1 or 10.0.0.2)` is a list of ids, `(1)` is arithmetic: a number inside parentheses
    // starts an id list only when `and`/`or` follows it.
    if (this.is('(', n)) {
      let m = n + 1;
      while (this.is('not', m)) m++;
      const inner = this.peek(m);
      if (inner.kind === 'num') return this.is('and', m + 1) || this.is('or', m + 1);
      return this.startsBareId(m);
    }
    return false;
  }

  /** term: not term | rterm. `setQual` receives the qualifiers later bare ids inherit. */
  private parseTerm(setQual: (q: Qual) => void): Expr {
    if (this.is('not')) {
      this.next();
      return { kind: 'not', operand: this.parseTerm(setQual) };
    }
    return this.parseRterm(setQual);
  }

  private parseRterm(setQual: (q: Qual) => void): Expr {
    const t = this.peek();
    setQual(NO_QUAL);
    if (this.is('(')) {
      const saved = this.pos;
      const rel = this.tryParse(() => this.parseRelation());
      if (rel) return this.done(rel);
      this.pos = saved;
      this.next();
      const e = this.parseExpr();
      this.expect(')');
      return e;
    }
    if (t.kind === 'kw') {
      if (PNAMES.has(t.text)) {
        if (this.is('[', 1)) return this.parseRelation();
        const n1 = this.peek(1);
        if (n1.kind === 'kw' && (DIR_KW.has(n1.text) || ADDR_KW.has(n1.text) || n1.text === 'proto' || n1.text === 'protochain')) {
          return this.parseHeadId(setQual);
        }
        if (this.is('broadcast', 1) || this.is('multicast', 1)) {
          this.next();
          const kind = this.next().text as 'broadcast' | 'multicast';
          return this.done({ kind, proto: t.text as Proto, column: t.column });
        }
        this.next();
        return this.done({ kind: 'pname', proto: t.text as Proto, column: t.column });
      }
      if (DIR_KW.has(t.text) || ADDR_KW.has(t.text) || t.text === 'proto' || t.text === 'protochain') {
        if (UNSUPPORTED.has(t.text)) return this.unsupported();
        return this.parseHeadId(setQual);
      }
      switch (t.text) {
        case 'broadcast': case 'multicast':
          this.next();
          return this.done({ kind: t.text, proto: 'default', column: t.column });
        case 'less': case 'greater': {
          this.next();
          const n = this.peek();
          if (n.kind !== 'num') this.fail('a number');
          this.next();
          return this.done({ kind: t.text, value: n.value });
        }
        case 'vlan': case 'mpls': {
          this.next();
          const v = this.parseOptionalPnum();
          return this.done(t.text === 'vlan' ? { kind: 'vlan', id: v, column: t.column } : { kind: 'mpls', label: v, column: t.column });
        }
        case 'len':
          return this.parseRelation();
        case 'llc': {
          // llc, llc i|s|u, llc <S or U subtype name>
          this.next();
          const n = this.peek();
          let type: string | undefined;
          if (n.kind === 'id' || (n.kind === 'kw' && n.text === 'rnr')) {
            this.next();
            type = n.text;
          }
          return this.done({ kind: 'llc', type, column: t.column });
        }
        case 'pppoed':
          this.next();
          return this.done({ kind: 'pppoed', column: t.column });
        case 'pppoes': {
          this.next();
          const session = this.parseOptionalPnum();
          return this.done({ kind: 'pppoes', session, column: t.column });
        }
        case 'ifindex': {
          this.next();
          const n = this.peek();
          if (n.kind !== 'num') this.fail('an interface index');
          this.next();
          return this.done({ kind: 'ifindex', value: n.value, column: t.column });
        }
        case 'inbound': case 'outbound':
          this.next();
          return this.done({ kind: t.text, column: t.column });
        case 'byte': {
          // byte N op M, op one of = < > & |
          this.next();
          const idx = this.peek();
          if (idx.kind !== 'num') this.fail('a byte offset');
          this.next();
          const o = this.peek();
          if (!(o.kind === 'op' && ['=', '<', '>', '&', '|'].includes(o.text))) this.fail("'=', '<', '>', '&' or '|'");
          this.next();
          const v = this.peek();
          if (v.kind !== 'num') this.fail('a number');
          this.next();
          return this.done({ kind: 'byte', index: idx.value, op: o.text as '=' | '<' | '>' | '&' | '|', value: v.value, column: t.column });
        }
      }
      if (UNSUPPORTED.has(t.text)) return this.unsupported();
    }
    if (t.kind === 'num' || this.is('-')) return this.parseRelation();
    return this.fail('a primitive');
  }

  private unsupported(): never {
    const t = this.peek();
    throw new FilterError(`'${t.text}' is not supported by tsbpf's filter compiler`, t.column);
  }

  /** `vlan 100`, `vlan (100)` or no number at all. */
  private parseOptionalPnum(): number | undefined {
    let depth = 0;
    while (this.is('(', depth)) depth++;
    const t = this.peek(depth);
    if (t.kind !== 'num') return undefined;
    for (let i = 0; i < depth; i++) if (!this.is(')', depth + 1 + i)) return undefined;
    this.pos += 2 * depth + 1;
    return t.value;
  }

  private tryParse<T>(f: () => T): T | undefined {
    this.speculating++;
    try {
      return f();
    } catch (e) {
      if (e instanceof Backtrack) return undefined;
      throw e;
    } finally {
      this.speculating--;
    }
  }

  /** head id: [pname] [src|dst|src or dst|src and dst] [host|net|port|portrange | proto]. */
  private parseHeadId(setQual: (q: Qual) => void): Expr {
    let proto: Proto = 'default';
    let dir: Dir = 'default';
    let addr: Qual['addr'] = 'default';
    if (PNAMES.has(this.peek().text) && this.peek().kind === 'kw') proto = this.next().text as Proto;
    if (this.is('src') || this.is('dst')) {
      const first = this.next().text;
      dir = first as Dir;
      if ((this.is('or') || this.is('and')) && (this.is('src', 1) || this.is('dst', 1))) {
        const conj = this.next().text;
        const second = this.next().text;
        if (second === first) this.fail(`'${first === 'src' ? 'dst' : 'src'}'`);
        dir = conj as Dir;
      } else if (this.is('or') || this.is('and')) {
        this.next();
        this.fail(`'${first === 'src' ? 'dst' : 'src'}'`);
      }
      // `gateway` takes no direction (grammar.y's ndaqual).
      if (this.peek().kind === 'kw' && ADDR_KW.has(this.peek().text) && !this.is('gateway')) addr = this.next().text as Qual['addr'];
    } else if (this.is('proto')) {
      this.next();
      addr = 'proto';
    } else if (this.is('protochain')) {
      this.next();
      addr = 'protochain';
    } else if (this.peek().kind === 'kw' && ADDR_KW.has(this.peek().text)) {
      addr = this.next().text as Qual['addr'];
    } else {
      this.fail("'src', 'dst', 'host', 'net', 'port', 'portrange' or 'proto'");
    }
    const q: Qual = { proto, dir, addr };
    setQual(q);
    return this.parseId(q);
  }

  /** id: an address, a number or a name, possibly negated or a parenthesised and/or list. */
  private parseId(q: Qual): Expr {
    if (this.is('not')) {
      this.next();
      return { kind: 'not', operand: this.parseId(q) };
    }
    if (this.is('(')) {
      this.next();
      let e = this.parseId(q);
      while (this.is('and') || this.is('or')) {
        const op = this.next().text as 'and' | 'or';
        e = { kind: op, left: e, right: this.parseId(q) };
      }
      this.expect(')');
      return e;
    }
    const t = this.peek();
    let id: Id;
    switch (t.kind) {
      case 'num':
        this.next();
        id = { kind: 'num', value: t.value };
        break;
      case 'hid':
        this.next();
        if (this.is('/')) {
          this.next();
          const n = this.peek();
          if (n.kind !== 'num') this.fail('a prefix length');
          this.next();
          id = { kind: 'hid-prefix', text: t.text, masklen: n.value };
        } else if (this.is('mask')) {
          this.next();
          const m = this.peek();
          if (m.kind !== 'hid') this.fail('a netmask');
          this.next();
          id = { kind: 'hid-mask', text: t.text, mask: m.text };
        } else id = { kind: 'hid', text: t.text };
        break;
      case 'hid6':
        this.next();
        if (this.is('/')) {
          this.next();
          const n = this.peek();
          if (n.kind !== 'num') this.fail('a prefix length');
          this.next();
          id = { kind: 'hid6', text: t.text, masklen: n.value, explicitLen: true };
        } else id = { kind: 'hid6', text: t.text, masklen: 128, explicitLen: false };
        break;
      case 'eid':
        this.next();
        id = { kind: 'eid', text: t.text };
        break;
      case 'id':
        this.next();
        id = { kind: 'name', text: t.text };
        break;
      default:
        return this.fail('an address, number or name');
    }
    return this.done({ kind: 'id', q, id, column: t.column });
  }

  /** arth relop arth */
  private parseRelation(): Expr {
    const column = this.peek().column;
    const left = this.parseArth(0);
    const t = this.peek();
    const rel = t.kind === 'op' ? RELOPS[t.text] : undefined;
    if (!rel) return this.fail('a comparison operator');
    this.next();
    const right = this.parseArth(0);
    return this.done({ kind: 'relation', op: rel[0], reversed: rel[1], left, right, column });
  }

  /** Precedence climbing: operators binding tighter than `minBp` extend the left operand. */
  private parseArth(minBp: number): Arth {
    let left = this.parseUnary();
    for (;;) {
      const t = this.peek();
      const entry = t.kind === 'op' ? ARITH_OPS_BP[t.text] : undefined;
      if (!entry || entry[1] <= minBp) return left;
      this.next();
      const right = this.parseArth(entry[1] === NO_PRECEDENCE ? 0 : entry[1]);
      left = { kind: 'binop', op: entry[0], left, right, column: t.column };
    }
  }

  private parseUnary(): Arth {
    if (this.is('-')) {
      this.next();
      return { kind: 'neg', operand: this.parseArth(UMINUS_BP) };
    }
    const t = this.peek();
    if (t.kind === 'num') {
      this.next();
      return { kind: 'num', value: t.value };
    }
    if (this.is('len')) {
      this.next();
      return { kind: 'len' };
    }
    if (this.is('(')) {
      this.next();
      const a = this.parseArth(0);
      this.expect(')');
      return a;
    }
    if (t.kind === 'kw' && PNAMES.has(t.text) && this.is('[', 1)) {
      this.next();
      this.next();
      const index = this.parseArth(0);
      let size = 1;
      if (this.is(':')) {
        this.next();
        const n = this.peek();
        if (n.kind !== 'num') this.fail('a size (1, 2 or 4)');
        this.next();
        size = n.value;
      }
      this.expect(']');
      return { kind: 'load', proto: t.text as Proto, index, size, column: t.column };
    }
    return this.fail('a number, len or a packet accessor');
  }
}
