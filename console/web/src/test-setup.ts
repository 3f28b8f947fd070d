import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// Vitest runs without globals, so Testing Library's automatic cleanup is wired here. The test files share
// one environment (vite.config.ts: isolate off), so everything a test may change outside its own render is
// put back after each one: the stubbed fetch, fake timers, spies and the signed-in token.
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  sessionStorage.clear();
});
