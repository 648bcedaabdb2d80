/**
 * Errors of the filter compiler. The detail text follows libpcap's wording so that messages
 * read like tcpdump's; `where` names the expression column when one is known.
 */
import { TsbpfError } from '../errors.js';
import type { Expr } from './ast.js';

export class FilterError extends TsbpfError {
  override readonly name = 'FilterError';
  /** 1-based column in the expression, or 0 when the error is not tied to one place. */
  readonly column: number;
  constructor(detail: string, column = 0) {
    super(detail, column > 0 ? `filter:1:${column}` : 'filter');
    this.column = column;
  }
}

/** A syntax error; `completed` holds the primitives parsed before it (see Parser.completed). */
export class FilterSyntaxError extends FilterError {
  readonly completed: readonly Expr[];
  constructor(detail: string, column: number, completed: readonly Expr[]) {
    super(detail, column);
    this.completed = completed;
  }
}
