// Runs a TypeScript entry module's `main(argv)` through Vite's module runner, so Node code
// imports the WGSL files exactly as the page does (Vite `?raw` glob imports), then exits
// with the status main resolves to.
import { createServer, createServerModuleRunner } from 'vite';

/** @param {string} entry a path from the repository root, e.g. '/src/cli/main.ts' */
export async function runTs(entry) {
  const server = await createServer({
    configFile: new URL('../vite.config.ts', import.meta.url).pathname,
    server: { middlewareMode: true, hmr: false, watch: null, ws: false },
    appType: 'custom',
    logLevel: 'error',
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  let code = 1;
  try {
    const runner = createServerModuleRunner(server.environments.ssr, { hmr: false });
    const { main } = await runner.import(entry);
    code = await main(process.argv.slice(2));
  } finally {
    await server.close();
  }
  process.exit(code);
}
