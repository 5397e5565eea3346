import { ChatProvider } from './contexts/ChatContext'
import { LayoutProvider, useLayout } from './contexts/LayoutContext'
import Sidebar from './components/Sidebar'
import ChatWindow from './components/ChatWindow'
import HealthBanner from './components/HealthBanner'
import ShortcutsDialog from './components/ShortcutsDialog'
import UndoToast from './components/UndoToast'
import { useKeyboardShortcuts } from './hooks/useKeyboardShortcuts'

function Shell() {
  useKeyboardShortcuts()
  const { isShortcutsOpen, setShortcutsOpen } = useLayout()
  return (
    <div className="flex h-screen overflow-hidden bg-dark text-gray-100">
      <Sidebar />
      <div className="flex min-w-0 flex-1 flex-col">
        <HealthBanner />
        <ChatWindow />
      </div>
      {isShortcutsOpen && <ShortcutsDialog onClose={() => setShortcutsOpen(false)} />}
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
