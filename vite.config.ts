import { defineConfig } from 'vitest/config';

export default defineConfig({
  server: { port: 5173, strictPort: false },
  test: {
    include: ['test/**/*.test.ts'],
    // Dawn (the `webgpu` package) is a native addon: one device per worker, no isolation games.
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
