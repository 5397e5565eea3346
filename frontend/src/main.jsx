import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
// Inter is bundled from npm so the app never fetches a font from a CDN.
import '@fontsource/inter/400.css'
import '@fontsource/inter/500.css'
import '@fontsource/inter/600.css'
import '@fontsource/inter/700.css'
import './index.css'
import App from './App.jsx'
import { registerServiceWorker } from './pwa'

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App />
  </StrictMode>,
)

registerServiceWorker()
