import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { defineConfig, loadEnv } from 'vite'
import react from '@vitejs/plugin-react'
import { VitePWA } from 'vite-plugin-pwa'

/**
 * The Content-Security-Policy of the built page: scripts only from its own origin (no inline or
 * foreign script, whatever a model writes or a file holds), connections and images only from
 * itself and the backend, no plugins, no <base>, no form posts, no framing. Styles may be inline:
 * KaTeX and the context meter set element styles, and styles cannot run code.
 */
export function contentSecurityPolicy(backendUrl) {
  // "/": the page is served by the backend itself (./start.sh --serve), on the same origin.
  const backend = backendUrl === SAME_ORIGIN ? '' : ` ${new URL(backendUrl).origin}`
  return [
    "default-src 'self'",
    "script-src 'self'",
    `connect-src 'self'${backend}`,
    `img-src 'self' data: blob:${backend}`,
    // The service worker (vite-plugin-pwa) is a script of this origin, too.
    "worker-src 'self'",
    "manifest-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    // frame-ancestors is not allowed in a <meta> policy: the preview's header adds it (below).
  ].join('; ')
}

// The built index.html carries the policy itself, so any static server of dist/ applies it; the
// dev server has none (its hot reload injects inline scripts).
const policyInBuiltPage = (policy) => ({
  name: 'content-security-policy',
  apply: 'build',
  transformIndexHtml: () => [
    { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' },
  ],
})

const SAME_ORIGIN = '/'

/**
 * Installable (vite-plugin-pwa): a web app manifest with the app's icons (scripts/make_icons.py)
 * and a service worker that precaches the built shell only (scripts, styles, fonts, icons,
 * index.html) and never an API answer: conversations are always the backend's, and an offline
 * start shows the shell with the "backend unreachable" notice. A new release's worker takes
 * over at once and drops the old caches, so the next load has no stale assets. The worker is
 * registered by src/pwa.js in a production build only.
 */
const installable = () =>
  VitePWA({
    injectRegister: false,
    registerType: 'autoUpdate',
    includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
    manifest: {
      name: 'Chat AI',
      short_name: 'Chat AI',
      description: 'Chat with the models LM Studio runs on your machine.',
      start_url: '.',
      scope: '.',
      display: 'standalone',
      background_color: '#0f172a',
      theme_color: '#0f172a',
      icons: [
        { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    workbox: {
      globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
      // The page's routes are hashes: only `/` itself is a navigation; /api is never the shell's.
      navigateFallback: 'index.html',
      navigateFallbackDenylist: [/^\/api\//, /^\/docs/, /^\/openapi\.json/],
      runtimeCaching: [],
      cleanupOutdatedCaches: true,
      clientsClaim: true,
      skipWaiting: true,
      // KaTeX's fonts and the lazily loaded renderers are part of the shell too.
      maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
    },
  })

const META_POLICY = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/
const NAMED_ENTITIES = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' }
// The attribute as Vite wrote it has its quotes escaped (&#39;self&#39;): back to the policy's
// text. (Only the entities an attribute serializer writes; the policy is ASCII.)
const attributeText = (value) =>
  value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name) => {
    if (name[0] !== '#') return NAMED_ENTITIES[name] ?? entity
    return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)))
  })

// vite preview serves the build with its policy as a header too, adding what a <meta> cannot say
// (frame-ancestors). The header is read from the built page, not made again from the environment
// preview runs in: a different VITE_API_BASE_URL there would give the browser two policies naming
// different backends, and it enforces both.
const policyHeaderInPreview = () => ({
  name: 'content-security-policy-preview',
  configurePreviewServer(server) {
    const page = resolve(server.config.root, server.config.build.outDir, 'index.html')
    const built = META_POLICY.exec(readFileSync(page, 'utf8'))?.[1]
    if (!built) return
    const policy = `${attributeText(built)}; frame-ancestors 'none'`
    server.middlewares.use((_request, response, next) => {
      response.setHeader('Content-Security-Policy', policy)
      next()
    })
  },
})

export default defineConfig(({ mode }) => {
  const backendUrl = loadEnv(mode, process.cwd(), 'VITE_').VITE_API_BASE_URL || 'http://localhost:8000'
  return {
    plugins: [react(), policyInBuiltPage(contentSecurityPolicy(backendUrl)), policyHeaderInPreview(), installable()],
    preview: { headers: { 'X-Content-Type-Options': 'nosniff' } },
    server: {
      port: 5173,
      strictPort: true,
      // Transform the app and the lazy renderer as soon as the dev server starts, so dependency
      // optimisation is done before the first page asks for them.
      warmup: {
        clientFiles: [
          './src/main.jsx',
          './src/features/markdown/MarkdownRenderer.jsx',
          './src/features/message/FencedText.jsx',
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
      // Above the 5 s a findBy waits (src/test/setup.js): a slow machine fails a test, not a wait.
      testTimeout: 15000,
    },
  }
})
