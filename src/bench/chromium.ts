/**
 * Runs the page measurements (TensorFlow.js WebGPU, and the engine in the same browser) in
 * headless system Chromium with SwiftShader WebGPU, through Playwright and a Vite dev server
 * that serves bench/tfjs.html. Node only. Returns null fields, with a reason, for anything
 * that could not run (no Chromium, no adapter, a page error) instead of throwing.
 */
import { existsSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import type { Measured } from './types';
import type { TuningChoice } from '../engine/calibrate';
import type { PageAdapter, PageApi, PageJob } from './tfjs-page';

/** The flags of playwright.config.ts: SwiftShader WebGPU, and a quiet browser. */
export const CHROMIUM_FLAGS = [
  '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader',
  '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
];

export interface ChromiumResults {
  /** Why nothing ran, when nothing did. */
  skipped: string | null;
  browserVersion: string | null;
  adapter: PageAdapter | null;
  tfjs: { procedural: Measured; stored: Measured } | { error: string } | null;
  engine: { procedural: Measured; stored: Measured; tuning: TuningChoice } | { error: string } | null;
  /** Page console errors and uncaught exceptions, for the record. */
  pageErrors: string[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const message = (e: unknown) => (e instanceof Error ? e.message.split('\n')[0] : String(e));

/** Measures TF.js and the engine in Chromium; `progress` gets one line per stage, `beforeClose` runs while the browser is still up. */
export async function runInChromium(root: string, job: PageJob, progress: (s: string) => void, beforeClose: () => void = () => undefined): Promise<ChromiumResults> {
  const executablePath = process.env.GRADSCOPE_CHROMIUM ?? '/usr/bin/chromium';
  const empty: ChromiumResults = { skipped: null, browserVersion: null, adapter: null, tfjs: null, engine: null, pageErrors: [] };
  if (!existsSync(executablePath)) return { ...empty, skipped: `no Chromium at ${executablePath} (set GRADSCOPE_CHROMIUM)` };

  let playwright: typeof import('@playwright/test');
  let vite: typeof import('vite');
  try {
    playwright = await import('@playwright/test');
    vite = await import('vite');
  } catch (e) {
    return { ...empty, skipped: `Playwright or Vite unavailable: ${message(e)}` };
  }

  const port = await freePort();
  const server = await vite.createServer({
    root,
    configFile: `${root}/vite.config.ts`,
    logLevel: 'error',
    server: { host: '127.0.0.1', port, strictPort: true, hmr: false, watch: null },
    optimizeDeps: { entries: ['bench/tfjs.html'], include: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-core/dist/register_all_gradients', '@tensorflow/tfjs-backend-webgpu'] },
  });
  const out: ChromiumResults = { ...empty };
  let browser: import('@playwright/test').Browser | null = null;
  try {
    await server.listen();
    browser = await playwright.chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true });
    out.browserVersion = browser.version();
    const page = await browser.newPage();
    page.on('pageerror', (e) => out.pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') out.pageErrors.push(`console: ${m.text()}`); });
    progress('chromium: loading bench/tfjs.html');
    await page.goto(`http://127.0.0.1:${port}/bench/tfjs.html`);
    await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 120_000 });
    const call = <K extends keyof PageApi>(name: K, arg?: PageJob) =>
      page.evaluate(([n, a]) => (window.__bench![n] as (a?: PageJob) => Promise<unknown>)(a), [name, arg] as const) as ReturnType<PageApi[K]>;
    out.adapter = await call('adapter');
    if (!out.adapter) return { ...out, skipped: 'Chromium gave the page no WebGPU adapter' };
    progress('chromium: TensorFlow.js (webgpu backend)');
    out.tfjs = await call('tfjs', job).catch((e: unknown) => ({ error: message(e) }));
    progress('chromium: the engine in the page');
    out.engine = await call('engine', job).catch((e: unknown) => ({ error: message(e) }));
    beforeClose();   // while Chromium's processes still count as ours
    return out;
  } catch (e) {
    return { ...out, skipped: out.skipped ?? `Chromium run failed: ${message(e)}` };
  } finally {
    await browser?.close().catch(() => undefined);
    await server.close();
  }
}
