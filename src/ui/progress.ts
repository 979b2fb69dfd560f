/**
 * The run status panel: a progress bar over both experiments, the current stage, and a
 * Cancel button that aborts the run's AbortController.
 */
import { duration } from './format';

export class ProgressPanel {
  private readonly fill: HTMLElement;
  private readonly bar: HTMLElement;
  private readonly text: HTMLElement;
  private readonly cancel: HTMLButtonElement;
  private controller: AbortController | null = null;

  constructor(private readonly panel: HTMLElement) {
    this.bar = panel.querySelector('.progress')!;
    this.fill = panel.querySelector('.progress-fill')!;
    this.text = panel.querySelector('#status-text')!;
    this.cancel = panel.querySelector('#cancel')!;
    this.cancel.addEventListener('click', () => {
      this.controller?.abort();
      this.cancel.disabled = true;
      this.text.textContent = 'Cancelling after the current GPU submission…';
    });
  }

  /** Shows the panel for a new run; returns the signal that Cancel aborts. */
  start(): AbortSignal {
    this.controller = new AbortController();
    this.panel.hidden = false;
    this.panel.dataset.outcome = 'running';
    this.cancel.hidden = false;
    this.cancel.disabled = false;
    this.set(0, 'starting');
    return this.controller.signal;
  }

  /** Shows a message outside any run (such as the one-time calibration), without Cancel. */
  note(message: string): void {
    this.panel.hidden = false;
    this.panel.dataset.outcome = 'running';
    this.cancel.hidden = true;
    this.text.textContent = message;
  }

  /** Hides the panel again after a note. */
  clearNote(): void {
    this.panel.hidden = true;
  }

  /** Fraction done over the whole run, in [0, 1], and a short stage label. */
  set(fraction: number, stage: string): void {
    const pct = Math.round(fraction * 100);
    this.fill.style.width = `${pct}%`;
    this.bar.setAttribute('aria-valuenow', String(pct));
    if (!this.controller?.signal.aborted) this.text.textContent = `${pct}% · ${stage}`;
  }

  /** Ends the run: hides Cancel and states the outcome. */
  finish(outcome: 'done' | 'cancelled' | 'error', message: string, elapsedMs?: number): void {
    this.controller = null;
    this.cancel.hidden = true;
    this.panel.dataset.outcome = outcome;
    if (outcome === 'done') this.set(1, 'done');
    this.text.textContent = elapsedMs === undefined ? message : `${message} (${duration(elapsedMs)})`;
  }
}
