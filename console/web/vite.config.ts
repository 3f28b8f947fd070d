/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The console is served by the console service (Quarkus) from META-INF/resources, on the same
// origin as its /api proxy: the build writes straight into the module's classes.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: '../target/classes/META-INF/resources',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
  server: {
    // `npm run dev` against a running console service (deploy/local/run).
    proxy: { '/api': 'http://localhost:8080' },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
    // One environment for all the files (a fresh jsdom per file took two thirds of the run's time);
    // src/test-setup.ts puts back after each test what a test may change outside its own render.
    isolate: false,
    // A bound, not a wait: a test typing a long cURL command takes 2-3 s alone and more beside a build.
    testTimeout: 20_000,
  },
});
