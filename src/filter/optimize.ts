/** Placeholder optimiser: returns the graph unchanged (replaced below). */
import type { Block } from './blocks.js';
import { FilterError } from './errors.js';

export function optimize(root: Block): Block {
  if (root.code === 6 && root.k === 0) throw new FilterError('expression rejects all packets');
  return root;
}
