/**
 * What the page's one-experiment panels (throughput, workers, noise scale, scaling model)
 * share: the shape main.ts runs them by, and one uPlot chart kept to its element's width.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Lab } from '../engine/lab';
import type { RunHooks } from '../experiments/run-control';

/**
 * A panel with its own form and Run button: main.ts runs `run` under the page's lock, on
 * the shared progress bar and Cancel, then `show`s the result, or what finished of it.
 */
export interface SoloPanel<P, R> {
  /** Progress-bar label, e.g. "workers". */
  readonly label: string;
  readonly form: { setBusy(busy: boolean): void; setRunnable(runnable: boolean): void };
  run(lab: Lab, params: P, hooks: RunHooks): Promise<R>;
  /** Renders a result; `partial` when the run stopped before the end. */
  show(result: R, partial: boolean): void;
  /** Empties the tables and plots, leaving `text` as the placeholder. */
  clear(text: string): void;
}

/** One uPlot chart drawn into `el`, redrawn on demand, resized with `el`, destroyed on clear. */
export class ChartSlot {
  private chart: uPlot | null = null;

  constructor(readonly el: HTMLElement, private readonly height = 300) {
    new ResizeObserver(() => this.fit()).observe(el);
  }

  /** Replaces the chart by a new one of `opts` (width and height are set here) over `data`. */
  draw(opts: Omit<uPlot.Options, 'width' | 'height'>, data: uPlot.AlignedData): uPlot {
    this.clear();
    this.chart = new uPlot({ ...opts, width: this.el.clientWidth || 480, height: this.height }, data, this.el);
    return this.chart;
  }

  clear(): void {
    this.chart?.destroy();
    this.chart = null;
    this.el.replaceChildren();
  }

  private fit(): void {
    const w = this.el.clientWidth;
    if (this.chart && w > 0 && Math.abs(w - this.chart.width) > 1) this.chart.setSize({ width: w, height: this.chart.height });
  }
}

/** Shows or hides the `.plot-pair` (or figure) holding `el`, so an empty plot takes no room. */
export function showPlots(el: HTMLElement, shown: boolean): void {
  const box = el.closest<HTMLElement>('.plot-pair') ?? el.closest<HTMLElement>('figure');
  if (box) box.hidden = !shown;
}

/** Draws a vertical line at x = value across the plotting area, with an optional label near its foot (curves tend to run high). */
export function markX(u: uPlot, value: number, colour: string, options: { dash?: number[]; label?: string } = {}): void {
  if (!Number.isFinite(value)) return;
  const px = uPlot.pxRatio;
  const x = Math.round(u.valToPos(value, 'x', true));
  const { left, top, width, height } = u.bbox;
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = ctx.fillStyle = colour;
  ctx.lineWidth = 2 * px;
  ctx.setLineDash((options.dash ?? []).map((v) => v * px));
  ctx.beginPath();
  ctx.moveTo(x, top);
  ctx.lineTo(x, top + height);
  ctx.stroke();
  if (options.label) {
    ctx.setLineDash([]);
    ctx.font = `600 ${12 * px}px system-ui, sans-serif`;
    const right = x + 6 * px + ctx.measureText(options.label).width > left + width;
    ctx.textAlign = right ? 'right' : 'left';
    ctx.fillText(options.label, right ? x - 6 * px : x + 6 * px, top + height - 10 * px);
  }
  ctx.restore();
}
