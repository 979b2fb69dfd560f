// `npm run bench`: the benchmark (src/bench/main.ts).
// Flags: --quick (small sizes, a smoke run that writes nothing), --skip chromium,naive,python,quality,ceiling, --out DIR.
import { runTs } from './run-ts.mjs';

process.chdir(new URL('..', import.meta.url).pathname);   // the bench reads and writes paths from the repository root
await runTs('/src/bench/main.ts');
