import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  plugins: [react()],
  server: { port: 5173, strictPort: true },
  // The lazily loaded renderers' dependencies, pre-bundled when the dev server starts: found
  // only at the first Markdown reply, they would make Vite re-optimise and reload the page.
  optimizeDeps: {
    include: ['react-markdown', 'remark-gfm', 'remark-math', 'rehype-katex', 'highlight.js/lib/common'],
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.js'],
    include: ['src/**/*.test.{js,jsx}'],
    restoreMocks: true,
  },
})
