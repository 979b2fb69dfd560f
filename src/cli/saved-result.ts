/** Results saved by an earlier `--json` run, read back for a comparison (noise-scale --throughput). */
import { readFileSync } from 'node:fs';
import type { ThroughputMode } from '../experiments/types';
import { ParamError } from '../experiments/params';

/** b_sat per mode from a `lab -- throughput --json FILE` result; a ParamError naming the flag otherwise. */
export function readThroughputBSat(file: string): Record<ThroughputMode, number | null> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ParamError('--throughput', `cannot read ${file} as JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  const r = value as { experiment?: unknown; bSat?: Record<string, unknown> } | null;
  if (r?.experiment !== 'throughput' || typeof r.bSat !== 'object' || r.bSat === null) {
    throw new ParamError('--throughput', `${file} is not a throughput result (write one with: npm run lab -- throughput --json ${file})`);
  }
  const mode = (m: ThroughputMode) => {
    const v = r.bSat![m];
    if (v === null || v === undefined) return null;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ParamError('--throughput', `${file} has an invalid bSat.${m}: ${JSON.stringify(v)}`);
    return v;
  };
  return { sync: mode('sync'), pipelined: mode('pipelined') };
}
