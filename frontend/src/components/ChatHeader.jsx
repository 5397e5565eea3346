import { useChat } from '../contexts/ChatContext'
import { useLayout } from '../contexts/LayoutContext'
import ExportMenu from './ExportMenu'
import ModelPicker from './ModelPicker'
import SettingsPanel from './SettingsPanel'
import { KeyboardIcon, MenuIcon, SettingsIcon } from './icons'

const ICON_BUTTON =
  'rounded-lg p-2 text-gray-300 transition-colors hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'
const MENU_BUTTON =
  'rounded-lg p-2 text-gray-300 transition-colors hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary md:hidden'
const SHORTCUTS_BUTTON =
  'hidden rounded-lg p-2 text-gray-300 transition-colors hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary sm:block'

/** Above the messages: the menu button on narrow screens, the title, model, settings and export. */
const ChatHeader = () => {
  const { currentConversation, currentConversationId, models, isStreaming, updateConversationSettings } = useChat()
  const { setMobileSidebarOpen, isSettingsOpen, setSettingsOpen, setShortcutsOpen } = useLayout()

  return (
    <>
      <header className="flex items-center gap-2 border-b border-dark-lighter bg-dark px-3 py-2 sm:px-4">
        <button type="button" onClick={() => setMobileSidebarOpen(true)} aria-label="Open conversations" className={MENU_BUTTON}>
          <MenuIcon />
        </button>
        <h2 className="min-w-0 flex-1 truncate text-sm font-medium text-gray-100 sm:text-base">
          {currentConversation?.title ?? 'Chat AI'}
        </h2>
        {currentConversationId && (
          <>
            <ModelPicker
              models={models}
              value={currentConversation?.model ?? null}
              onChange={(model) => updateConversationSettings({ model })}
              disabled={isStreaming}
            />
            <button
              type="button"
              onClick={() => setSettingsOpen(!isSettingsOpen)}
              aria-label="Conversation settings"
              aria-expanded={isSettingsOpen}
              title="Conversation settings"
              className={ICON_BUTTON}
            >
              <SettingsIcon />
            </button>
            <ExportMenu conversationId={currentConversationId} buttonClassName={ICON_BUTTON} />
          </>
        )}
        <button type="button" onClick={() => setShortcutsOpen(true)} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" className={SHORTCUTS_BUTTON}>
          <KeyboardIcon />
        </button>
      </header>
      {isSettingsOpen && currentConversation && (
        <SettingsPanel
          key={currentConversation.id}
          conversation={currentConversation}
          onSave={updateConversationSettings}
          onClose={() => setSettingsOpen(false)}
        />
      )}
    </>
  )
}

export default ChatHeader
