import { defineConfig, mergeConfig } from 'vitest/config'
import viteConfig from './vite.config'

// Component and store tests in happy-dom; the end-to-end tests (e2e/) drive the real app instead.
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'happy-dom',
      include: ['src/**/*.test.ts'],
    },
  }),
)
