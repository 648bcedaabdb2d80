/**
 * Errors of the filter compiler. The detail text follows libpcap's wording so that messages
 * read like tcpdump's; `where` names the expression column when one is known.
 */
import { TsbpfError } from '../errors.js';

export class FilterError extends TsbpfError {
  override readonly name = 'FilterError';
  /** 1-based column in the expression, or 0 when the error is not tied to one place. */
  readonly column: number;
  constructor(detail: string, column = 0) {
    super(detail, column > 0 ? `filter:1:${column}` : 'filter');
    this.column = column;
  }
}
