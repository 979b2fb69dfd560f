/**
 * The engine's free parameters, chosen per adapter by a short calibration and cached.
 *
 * - pass1Wg: threads per workgroup in pass 1. Lanes are independent, so it never changes
 *   the result bits, only the speed.
 * - itemsPerLane: items one lane adds before another lane opens. It fixes the summation
 *   order, so it is part of what makes results reproducible.
 * - reduction: pass 2's combine, 'shared' (a shared-memory tree) or 'subgroup'
 *   (subgroupAdd; only where the device has the `subgroups` feature). Different orders.
 *
 * So the same seed gives the same bits for the same tuning; results record theirs.
 */
export interface Tuning {
  pass1Wg: number;
  itemsPerLane: number;
  reduction: 'shared' | 'subgroup';
}

/** Used by tests and whenever nothing was calibrated: portable everywhere. */
export const DEFAULT_TUNING: Readonly<Tuning> = Object.freeze({ pass1Wg: 64, itemsPerLane: 256, reduction: 'shared' });

/** Candidates the calibration times (subgroup ones only on devices that have subgroups). */
export function candidates(hasSubgroups: boolean): Tuning[] {
  const out: Tuning[] = [];
  for (const reduction of hasSubgroups ? ['shared', 'subgroup'] as const : ['shared'] as const) {
    for (const pass1Wg of [64, 256]) {
      for (const itemsPerLane of [256, 2048]) out.push({ pass1Wg, itemsPerLane, reduction });
    }
  }
  return out;
}

/** Parses a tuning given as "default" or JSON; throws a message naming what is wrong. */
export function parseTuning(text: string): Tuning {
  if (text === 'default') return { ...DEFAULT_TUNING };
  let v: Partial<Tuning>;
  try {
    v = JSON.parse(text) as Partial<Tuning>;
  } catch {
    throw new Error(`tuning must be "default" or JSON like ${JSON.stringify(DEFAULT_TUNING)}, got ${text}`);
  }
  const t = { ...DEFAULT_TUNING, ...v };
  if (![32, 64, 128, 256].includes(t.pass1Wg)) throw new Error(`tuning.pass1Wg must be 32, 64, 128 or 256, got ${t.pass1Wg}`);
  if (!Number.isInteger(t.itemsPerLane) || t.itemsPerLane < 1 || t.itemsPerLane > 65536) throw new Error(`tuning.itemsPerLane must be an integer from 1 to 65536, got ${t.itemsPerLane}`);
  if (t.reduction !== 'shared' && t.reduction !== 'subgroup') throw new Error(`tuning.reduction must be "shared" or "subgroup", got ${String(t.reduction)}`);
  return t;
}
