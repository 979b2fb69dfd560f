// `npm run lab -- <experiment> [flags]`: runs src/cli/main.ts through Vite's module runner,
// so the CLI imports the WGSL files exactly as the page does (Vite `?raw` glob imports).
import { createServer, createServerModuleRunner } from 'vite';

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
  const { main } = await runner.import('/src/cli/main.ts');
  code = await main(process.argv.slice(2));
} finally {
  await server.close();
}
process.exit(code);
