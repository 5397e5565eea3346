import { Suspense, lazy } from 'react'
import { ChatProvider } from './contexts/ChatContext'
import { LayoutProvider, useLayout } from './state/layout/LayoutContext'
import Sidebar from './components/Sidebar'
import ChatWindow from './components/ChatWindow'
import HealthBanner from './components/HealthBanner'
import ShortcutsDialog from './components/ShortcutsDialog'
import UndoToast from './components/UndoToast'
import { useKeyboardShortcuts } from './hooks/useKeyboardShortcuts'
import { useMediaQuery } from './ui/useMediaQuery'
import { MESSAGE_BOX_ID, focusMessageBox } from './utils/focus'

// Opened now and then: loaded when first opened, not with the page.
const PreferencesDialog = lazy(() => import('./components/settings/PreferencesDialog'))

// Tailwind's `md`: from here the sidebar sits beside the page instead of over it.
const WIDE_LAYOUT = '(min-width: 768px)'

function Shell() {
  useKeyboardShortcuts()
  const { isShortcutsOpen, setShortcutsOpen, isPreferencesOpen, setPreferencesOpen, isMobileSidebarOpen } = useLayout()
  const isWide = useMediaQuery(WIDE_LAYOUT)
  return (
    <div className="flex h-screen overflow-hidden bg-dark text-gray-100">
      {/* The first Tab stop: straight to the message box, past the sidebar's list. */}
      <a
        href={`#${MESSAGE_BOX_ID}`}
        onClick={(event) => {
          event.preventDefault() // the hash is the app's route, not an anchor
          focusMessageBox()
        }}
        className="sr-only z-50 rounded-lg bg-primary px-4 py-2 font-medium text-white focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:outline-none focus:ring-2 focus:ring-white"
      >
        Skip to message box
      </a>
      <Sidebar />
      {/* Behind the sidebar over a phone's screen, the page is out of reach until it closes. */}
      <div className="flex min-w-0 flex-1 flex-col" inert={!isWide && isMobileSidebarOpen}>
        <HealthBanner />
        <ChatWindow />
      </div>
      {isShortcutsOpen && <ShortcutsDialog onClose={() => setShortcutsOpen(false)} />}
      {isPreferencesOpen && (
        <Suspense fallback={null}>
          <PreferencesDialog onClose={() => setPreferencesOpen(false)} />
        </Suspense>
      )}
      <UndoToast />
    </div>
  )
}

function App() {
  return (
    <ChatProvider>
      <LayoutProvider>
        <Shell />
      </LayoutProvider>
    </ChatProvider>
  )
}

export default App
