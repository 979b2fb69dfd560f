// End-to-end tests of the page in headless system Chromium. The "webgpu" project runs with
// SwiftShader's WebGPU adapter and must fail when there is none; the "no-webgpu" project
// launches Chromium without the flags and checks that the page says how to enable WebGPU.
import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';

/** A free TCP port, found once by the runner and inherited by its workers through env. */
function freePort(): string {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
}
const port = (process.env.GRADSCOPE_E2E_PORT ??= freePort());
const baseURL = `http://127.0.0.1:${port}`;

const CHROMIUM = process.env.GRADSCOPE_CHROMIUM ?? '/usr/bin/chromium';
const QUIET = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const WEBGPU = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader'];

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 180_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'webgpu',
      testIgnore: /no-webgpu\.spec\.ts$/,
      use: { launchOptions: { executablePath: CHROMIUM, args: [...WEBGPU, ...QUIET] } },
    },
    {
      name: 'no-webgpu',
      testMatch: /no-webgpu\.spec\.ts$/,
      use: { launchOptions: { executablePath: CHROMIUM, args: QUIET } },
    },
  ],
  webServer: {
    command: `npx vite --host 127.0.0.1 --port ${port} --strictPort`,
    url: baseURL,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
