import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The web page bundles cbloss's cosine classifier from its source (packages/web/scripts/build.mjs has the same alias).
  resolve: { alias: { 'cbloss-models': fileURLToPath(new URL('./packages/cbloss/src/models', import.meta.url)) } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
