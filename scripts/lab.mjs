// `npm run lab -- <experiment> [flags]`: the CLI (src/cli/main.ts).
import { runTs } from './run-ts.mjs';

await runTs('/src/cli/main.ts');
