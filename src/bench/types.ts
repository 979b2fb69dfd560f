/**
 * The benchmark's plain-data result (bench/results.json). Field names are a stable schema:
 * later versions may add fields, never rename these.
 */

/** One measured implementation of one job. */
export interface BenchRow {
  /** "procedural" (generate + gradient + reduce, N = 2^24), "stored" (x, y already in memory), "quality" (the chapter's Part 1). */
  job: string;
  impl: string;
  /** Median wall time of the measured runs, null when skipped. */
  medianMs: number | null;
  /** Examples processed per second at the median (quality: n + T·Σb examples touched). */
  examplesPerSec: number | null;
  /** Examples per run. */
  examples: number;
  /** Measured runs (after `warmup` unmeasured ones) and their times, in run order. */
  runs: number;
  warmup: number;
  samplesMs: number[];
  /** False when the result failed its check (a fast wrong answer does not count), or skipped. */
  valid: boolean;
  skipped: boolean;
  /** What was measured, which generator, why invalid or skipped. */
  note: string;
  /** The computed means, for the record: [mean gradient, mean loss] (quality: [full gradient]). */
  result: number[] | null;
  /** Share of the machine's CPU that went to other processes and to steal while this row ran (src/bench/contention.ts). */
  contention?: { others: number; steal: number } | null;
}

/** What one implementation reports back to the runner. */
export interface Measured {
  samplesMs: number[];
  warmup: number;
  result: number[];
  note?: string;
  /** The run's own verdict when the generic check does not apply (e.g. the quality table). */
  valid?: boolean;
}

export interface BenchAdapter {
  /** The adapter the engine ran on in Node, as the engine reports it. */
  node: { vendor: string; architecture: string; description: string; software: boolean } | null;
  /** The adapter Chromium gave the page (engine and TF.js), or null when Chromium did not run. */
  chromium: { vendor: string; architecture: string; description: string; device?: string; isFallbackAdapter?: boolean } | null;
  /** The engine's tuning in each host (src/engine/tuning.ts) and where it came from. */
  engineTuning?: { node: { tuning: object; source: string }; chromium: { tuning: object; source: string } | null };
  /** Human-readable one-liner. */
  name: string;
}

export interface Ratio {
  value: number | null;
  target: number | null;
  /** ">=" means value must reach target; null: reported only. */
  met: boolean | null;
  /** Which rows the ratio divides. */
  from: string;
}

export interface BenchResults {
  version: 1;
  startedAt: string;
  totalSeconds: number;
  machine: { cpus: number; cpuModel: string; node: string; python: string | null; numpy: string | null; chromium: string | null };
  adapter: BenchAdapter;
  rows: BenchRow[];
  ceilings: {
    /** Best vec4 read-and-sum bytes/s over a 128 MiB buffer on the Node adapter. */
    readBytesPerSec: number | null;
    /** Every configuration tried: workgroups × WG, layout, median ms, bytes/s. */
    readConfigs: { workgroups: number; wg: number; layout: string; medianMs: number; bytesPerSec: number }[];
    /** The engine's bytes/s on the stored job (x and y, 8 bytes per example). */
    storedBytesPerSec: number | null;
    /** CPU contention while the ceiling was measured (as BenchRow.contention). */
    contention?: { others: number; steal: number } | null;
  };
  ratios: Record<string, number | null>;
  /** Each ratio with its target, whether it is met, and which rows it compares. */
  targets: Record<string, Ratio>;
  warnings: string[];
}
