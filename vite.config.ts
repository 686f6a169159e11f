import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import solid from 'vite-plugin-solid';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: `${root}client`,
  plugins: [solid()],
  resolve: { alias: { '~': `${root}client/src` } },
  build: { outDir: process.env.CLIENT_DIR ? resolve(process.env.CLIENT_DIR) : `${root}dist/client`, emptyOutDir: true, target: 'es2022', sourcemap: true },
  server: { proxy: { '/trpc': 'http://localhost:3000', '/healthz': 'http://localhost:3000' } },
  test: {
    root,
    include: ['test/**/*.test.ts', 'shared/**/*.test.ts', 'server/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    environment: 'node',
  },
});
