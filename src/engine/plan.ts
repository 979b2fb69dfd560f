/**
 * How a sum over examples is cut into GPU work. Pure arithmetic, no GPU: unit-tested alone.
 *
 * A job is `rows` sums of `itemsPerRow` items. Pass 1 gives each row `lanesPerRow` lanes
 * (threads); lane p adds items p, p + P, p + 2P, … Pass 2 folds the lanes of each row.
 *
 * Work per dispatch is bounded: a pass-1 dispatch covers at most MAX_ITEMS_PER_DISPATCH
 * items, a few hundred milliseconds even on a software adapter, so no single dispatch can
 * approach a browser's GPU watchdog (about 2 s on Windows TDR) however large N is.
 */

/** Items (per-example evaluations) in one pass-1 dispatch at most. */
export const MAX_ITEMS_PER_DISPATCH = 1 << 22;
/** Default items a lane adds before more lanes are opened (tuning may choose another). */
export const MIN_ITEMS_PER_LANE = 256;
/** Lanes per row at most, which bounds the partial-sum buffer of a huge full-data sum. */
export const MAX_LANES_PER_ROW = 1 << 20;
/** Inputs one pass-2 workgroup folds. */
export const FOLD_PER_GROUP = 1024;
/** Pass-1 partial sums kept at once, in floats (rows are processed in chunks below this). */
export const MAX_PARTIAL_FLOATS = 1 << 24;

export interface SumPlan {
  lanesPerRow: number;
  /** Partial sums per row after pass 1: lanes × parts of a split stored dataset. */
  partialsPerRow: number;
  itemsPerLane: number;
  /** Rows per chunk: each chunk's partials fit MAX_PARTIAL_FLOATS. */
  rowsPerChunk: number;
  /** Lanes per pass-1 dispatch. */
  lanesPerDispatch: number;
  /** Pass-2 output count per row after each fold, ending at 1 (empty when lanesPerRow is 1). */
  folds: number[];
}

/**
 * Plans a job of `rows` sums of `itemsPerRow` items, each item a vector of `width` floats,
 * over a dataset stored in `parts` bindings (1 for procedural data), with lanes of at least
 * `minItemsPerLane` items.
 */
export function planSums(rows: number, itemsPerRow: number, width: number, parts = 1, minItemsPerLane = MIN_ITEMS_PER_LANE): SumPlan {
  if (!(rows >= 1 && itemsPerRow >= 1 && width >= 1 && parts >= 1)) throw new Error(`planSums needs rows, items, width and parts >= 1 (got ${rows}, ${itemsPerRow}, ${width}, ${parts})`);
  const itemsPerLaneWanted = Math.max(minItemsPerLane, Math.ceil(itemsPerRow / MAX_LANES_PER_ROW));
  const lanesPerRow = Math.ceil(itemsPerRow / itemsPerLaneWanted);
  const itemsPerLane = Math.ceil(itemsPerRow / lanesPerRow);
  const partialsPerRow = lanesPerRow * parts;
  const rowsPerChunk = Math.max(1, Math.min(rows, Math.floor(MAX_PARTIAL_FLOATS / (partialsPerRow * width))));
  const lanesPerDispatch = Math.max(1, Math.floor(MAX_ITEMS_PER_DISPATCH / itemsPerLane));
  return { lanesPerRow, partialsPerRow, itemsPerLane, rowsPerChunk, lanesPerDispatch, folds: foldSteps(partialsPerRow) };
}

/** Pass-2 output counts per row, folding `inputs` vectors down to one. */
export function foldSteps(inputs: number): number[] {
  const folds: number[] = [];
  while (inputs > 1) {
    inputs = Math.ceil(inputs / FOLD_PER_GROUP);
    folds.push(inputs);
  }
  return folds;
}
