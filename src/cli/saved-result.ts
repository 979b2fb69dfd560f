/** Results saved by an earlier `--json` run, read back for a comparison (noise-scale --throughput). */
import { readFileSync } from 'node:fs';
import type { SavedThroughput } from '../experiments/noise-scale';
import type { ThroughputMode } from '../experiments/types';
import { ParamError } from '../experiments/params';

/** b_sat per mode (and what qualifies it) from a `lab -- throughput --json FILE` result; a ParamError naming the flag otherwise. */
export function readThroughput(file: string): SavedThroughput {
  if (file.trim() === '') throw new ParamError('--throughput', 'needs a file name');
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ParamError('--throughput', `cannot read ${file} as JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  const r = value as { experiment?: unknown; bSat?: Record<string, unknown>; rows?: { batch?: unknown }[]; params?: { d?: unknown; model?: unknown } } | null;
  if (r?.experiment !== 'throughput' || typeof r.bSat !== 'object' || r.bSat === null) {
    throw new ParamError('--throughput', `${file} is not a throughput result (write one with: npm run lab -- throughput --json throughput.json)`);
  }
  const mode = (m: ThroughputMode) => {
    const v = r.bSat![m];
    if (v === null || v === undefined) return null;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ParamError('--throughput', `${file} has an invalid bSat.${m}: ${JSON.stringify(v)}`);
    return v;
  };
  const batches = Array.isArray(r.rows) ? r.rows.map((row) => row.batch).filter((b): b is number => typeof b === 'number') : [];
  return {
    bSat: { sync: mode('sync'), pipelined: mode('pipelined') },
    largestBatch: batches.length > 0 ? Math.max(...batches) : null,
    d: typeof r.params?.d === 'number' ? r.params.d : null,
    model: typeof r.params?.model === 'string' ? r.params.model : null,
  };
}
