// Shared e2e helpers: run the CLI for reference JSON, fill the page's form, read its numbers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { QualityResult, TrajectoryResult } from '../src/experiments/types';
import { format, type FormatName } from '../src/ui/format';
import type { PageResults } from '../src/ui/main';

/** Runs `node scripts/lab.mjs <args> --json FILE` and returns the parsed JSON. */
export function cliJson<T>(args: string[]): T {
  const file = join(mkdtempSync(join(tmpdir(), 'gradscope-e2e-')), 'result.json');
  try {
    // The page runs with ?tuning=default, so the CLI must too for bit-equal results.
    execFileSync(process.execPath, ['scripts/lab.mjs', ...args, '--json', file], { encoding: 'utf8', stdio: 'pipe', timeout: 300_000, env: { ...process.env, GRADSCOPE_TUNING: 'default' } });
  } catch (e) {
    const err = e as { status?: number; stderr?: string; stdout?: string };
    throw new Error(`CLI failed (exit ${err.status}): node scripts/lab.mjs ${args.join(' ')}\n${err.stderr ?? ''}${err.stdout ?? ''}`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** The value at a dotted path such as "rows.2.std.0". */
export function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);
}

/** Sets form fields by CLI flag, e.g. { '--n': '20000' }. */
export async function fillForm(page: Page, values: Record<string, string>): Promise<void> {
  for (const [flag, text] of Object.entries(values)) await page.fill(`[name="${flag}"]`, text);
}

/** Every number shown inside `selector`: its data-path, data-format and text. */
export function shownNumbers(page: Page, selector: string) {
  return page.locator(`${selector} [data-path]`).evaluateAll((els) => els.map((el) => ({
    path: (el as HTMLElement).dataset.path!,
    format: (el as HTMLElement).dataset.format!,
    text: el.textContent ?? '',
  })));
}

/** Waits for the GPU to be found (or not) and fails with the page's own words if it is missing. */
export async function expectGpuReady(page: Page): Promise<void> {
  const body = page.locator('body');
  await expect(body).not.toHaveAttribute('data-gpu', 'pending', { timeout: 60_000 });
  const gpu = await body.getAttribute('data-gpu');
  const notice = await page.locator('#gpu-notice').textContent();
  expect(gpu, `no usable WebGPU adapter: ${notice}`).toBe('ready');
  await expect(page.locator('#adapter-name')).not.toBeEmpty();
}

/** Waits for a run to end and returns the body's final data-state. */
export async function runEnds(page: Page, timeout = 150_000): Promise<string> {
  await expect(page.locator('body')).toHaveAttribute('data-state', /^(done|error|cancelled)$/, { timeout });
  return (await page.locator('body').getAttribute('data-state'))!;
}

/**
 * The page's tables show every number of the CLI's results, formatted as the table
 * formats it, and window.__gradscope holds the same results exactly (the GPU work is
 * deterministic). The plots are drawn: one std panel, a histogram per b, one loss panel.
 */
export async function expectPageMatches(page: Page, quality: QualityResult, trajectory: TrajectoryResult): Promise<void> {
  for (const [panel, table, reference, rows] of [
    ['#quality-panel', '#quality-table', quality, quality.rows.length],
    ['#trajectory-panel', '#trajectory-table', trajectory, trajectory.runs.length],
  ] as const) {
    await expect(page.locator(`${table} tbody tr`)).toHaveCount(rows);
    const shown = await shownNumbers(page, panel);
    expect(shown.length).toBeGreaterThan(rows * 3);
    for (const { path, format: name, text } of shown) {
      const value = at(reference, path);
      expect(typeof value === 'number' || value === null, `${panel} ${path} is not a number in the CLI JSON`).toBe(true);
      expect(text, `${panel} ${path}`).toBe(format(value as number | null, name as FormatName));
    }
  }

  const results = await page.evaluate(() => window.__gradscope as PageResults);
  expect(results.quality).not.toBeNull();
  expect(results.trajectory).not.toBeNull();
  expect(results.quality!.adapter.host).toBe('browser');
  expect(comparable(results.quality!)).toEqual(comparable(quality));
  expect(comparable(results.trajectory!)).toEqual(comparable(trajectory));

  await expect(page.locator('#plot-std canvas')).toHaveCount(1);
  await expect(page.locator('#plot-hist .hist-cell canvas')).toHaveCount(quality.rows.length);
  await expect(page.locator('#plot-loss canvas')).toHaveCount(1);
}

/** Runs the form as filled and fails with the page's status line unless the run completes. */
export async function runToDone(page: Page): Promise<void> {
  await page.click('#run');
  const state = await runEnds(page);
  expect(state, `run ended in "${state}": ${await page.locator('#status-text').textContent()}`).toBe('done');
}

/**
 * Every number shown inside `selector` is the value at its data-path in `result`, formatted
 * as its data-format says; at least `least` of them are shown.
 */
export async function expectNumbersMatch(page: Page, selector: string, result: unknown, least = 1): Promise<void> {
  const shown = await shownNumbers(page, selector);
  expect(shown.length, `numbers shown in ${selector}`).toBeGreaterThanOrEqual(least);
  for (const { path, format: name, text } of shown) {
    const value = at(result, path);
    expect(typeof value === 'number' || value === null, `${selector} ${path} is not a number in the result`).toBe(true);
    expect(text, `${selector} ${path}`).toBe(format(value as number | null, name as FormatName));
  }
}

/**
 * One page for every test of a file (the GPU starts once), at ?tuning=default so results
 * are bit-equal to the CLI's: the tests run serially and `set` receives the page.
 */
export function useSharedPage(set: (page: Page) => void): void {
  test.describe.configure({ mode: 'serial' });
  let page: Page;
  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage();
    set(page);
    await page.goto('/?tuning=default');
    await expectGpuReady(page);
  });
  test.afterAll(async () => {
    await page.close();
  });
}

/** Sets a form's fields by CLI flag: inputs are named "<prefix><flag>" ('' for the main form); --model and --rng are selects. */
export async function fillPanel(page: Page, prefix: string, values: Record<string, string>): Promise<void> {
  for (const [flag, text] of Object.entries(values)) {
    const selector = `[name="${prefix}${flag}"]`;
    if (flag === '--model' || flag === '--rng') await page.selectOption(selector, text);
    else await page.fill(selector, text);
  }
}

/** Clicks a Run button and fails with the status line unless the run completes. */
export async function clickRun(page: Page, button: string): Promise<void> {
  await page.click(button);
  const state = await runEnds(page, 60_000);
  expect(state, `run ended in "${state}": ${await page.locator('#status-text').textContent()}`).toBe('done');
}

/** What the page last produced (window.__gradscope). */
export const pageResults = (page: Page) => page.evaluate(() => window.__gradscope as PageResults);

/** What legitimately differs between a CLI run and a page run of the same work; NaN becomes null, as in a JSON file. */
export function comparable<T extends { adapter: unknown; elapsedMs: number }>(r: T): unknown {
  const { adapter: _adapter, elapsedMs: _elapsed, ...rest } = r;
  return JSON.parse(JSON.stringify(rest));
}
