import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The Spring Boot backend; override with MOAT_BACKEND to point the dev server elsewhere.
const backend = process.env.MOAT_BACKEND || 'http://localhost:8080'

export default defineConfig({
  base: '/',
  plugins: [vue()],
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    // the overview reads its figure definitions from ../docs/metrics.md
    fs: { allow: ['..'] },
    proxy: {
      '/api': backend,
      '/actuator': backend,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
})
