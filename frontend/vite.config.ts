import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The desktop binary embeds frontend/dist (see main.go); relative asset paths work both in the
// Wails asset server and in the dev server used by the browser tests.
export default defineConfig({
  base: './',
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // the charts are most of the weight; a chunk of their own keeps the app's chunk small
        manualChunks: { charts: ['echarts', 'vue-echarts', 'zrender'] },
      },
    },
  },
})
