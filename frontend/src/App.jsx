import { Suspense, lazy } from 'react'
import { ChatProvider, useChat } from './contexts/ChatContext'
import AccountGate from './features/account/AccountGate'
import { LayoutProvider, useLayout } from './state/layout/LayoutContext'
import Sidebar from './components/Sidebar'
import ChatWindow from './components/ChatWindow'
import HealthBanner from './features/health/HealthBanner'
import StorageNotice from './features/health/StorageNotice'
import { shownNotice } from './features/health/notice'
import ShortcutsDialog from './features/shortcuts/ShortcutsDialog'
import { useKeyboardShortcuts } from './features/shortcuts/useKeyboardShortcuts'
import UndoToast from './features/sidebar/UndoToast'
import { MEDIUM_UP, useMediaQuery } from './ui/useMediaQuery'
import { MESSAGE_BOX_ID, focusMessageBox } from './utils/focus'

// Opened now and then: loaded when first opened, not with the page.
const PreferencesDialog = lazy(() => import('./features/settings/PreferencesDialog'))

/** The page: sidebar, health notice, conversation; the dialogs and the Undo toast over them. */
function Shell() {
  const chat = useChat()
  const layout = useLayout()
  useKeyboardShortcuts(chat, layout)
  const isWide = useMediaQuery(MEDIUM_UP)
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
      <div className="flex min-w-0 flex-1 flex-col" inert={!isWide && layout.isMobileSidebarOpen}>
        <HealthBanner problem={shownNotice(chat.health, layout.dismissedNotice)} onDismiss={layout.setDismissedNotice} />
        <StorageNotice storage={chat.health?.storage} />
        <ChatWindow />
      </div>
      {layout.isShortcutsOpen && <ShortcutsDialog onClose={() => layout.setShortcutsOpen(false)} />}
      {layout.isPreferencesOpen && (
        <Suspense fallback={null}>
          <PreferencesDialog
            defaults={chat.defaults}
            presets={chat.presets}
            models={chat.models}
            defaultModel={chat.defaultModel}
            onSaveDefaults={chat.saveDefaults}
            onSavePreset={chat.savePreset}
            onDeletePreset={chat.deletePreset}
            mcp={{
              servers: chat.mcpServers,
              onRefresh: chat.loadMcpServers,
              onAdd: chat.addMcpServer,
              onUpdate: chat.updateMcpServer,
              onDelete: chat.deleteMcpServer,
            }}
            onClose={() => layout.setPreferencesOpen(false)}
          />
        </Suspense>
      )}
      <UndoToast pendingDeletions={chat.pendingDeletions} onUndo={chat.undoDelete} />
    </div>
  )
}

function App() {
  return (
    <AccountGate>
      <ChatProvider>
        <LayoutProvider>
          <Shell />
        </LayoutProvider>
      </ChatProvider>
    </AccountGate>
  )
}

export default App
