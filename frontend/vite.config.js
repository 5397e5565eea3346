import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    strictPort: true,
    // Transform the app and the lazy renderer as soon as the dev server starts, so dependency
    // optimisation is done before the first page asks for them.
    warmup: {
      clientFiles: [
        './src/main.jsx',
        './src/components/markdown/MarkdownRenderer.jsx',
        './src/components/FencedText.jsx',
      ],
    },
  },
  // The lazily loaded renderers' dependencies, pre-bundled when the dev server starts: found
  // only at the first Markdown reply, they would make Vite re-optimise and reload the page.
  optimizeDeps: {
    include: [
      'react-markdown',
      'remark-gfm',
      'remark-math',
      'rehype-katex',
      'highlight.js/lib/common',
      'mdast-util-from-markdown',
    ],
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.js'],
    include: ['src/**/*.test.{js,jsx}'],
    restoreMocks: true,
  },
})
