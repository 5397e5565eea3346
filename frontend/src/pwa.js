// The service worker that makes the app installable and its shell start offline (vite.config.js,
// `installable`). Only a production build registers it: the dev server's modules change under
// it, and tests run without one.
export function registerServiceWorker() {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  import('virtual:pwa-register').then(({ registerSW }) => registerSW({ immediate: true }))
}
