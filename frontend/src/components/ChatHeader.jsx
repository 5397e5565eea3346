import { useChat } from '../contexts/ChatContext'
import { useLayout } from '../contexts/LayoutContext'
import { api } from '../services/api'
import ModelPicker from './ModelPicker'
import SettingsPanel from './SettingsPanel'
import { DownloadIcon, KeyboardIcon, MenuIcon, SettingsIcon } from './icons'

const ICON_BUTTON =
  'rounded-lg p-2 text-gray-300 transition-colors hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'
const MENU_BUTTON =
  'rounded-lg p-2 text-gray-300 transition-colors hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary md:hidden'
const SHORTCUTS_BUTTON =
  'hidden rounded-lg p-2 text-gray-300 transition-colors hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary sm:block'
const EXPORT_SUMMARY =
  'cursor-pointer list-none rounded-lg p-2 text-gray-300 transition-colors hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary [&::-webkit-details-marker]:hidden'
const EXPORT_LINK =
  'rounded-md px-2 py-1 text-xs text-gray-300 hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'

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
            <details className="relative">
              <summary className={EXPORT_SUMMARY} aria-label="Export conversation" title="Export conversation">
                <DownloadIcon />
              </summary>
              <div className="absolute right-0 z-20 mt-1 flex flex-col gap-1 rounded-lg border border-dark-lighter bg-dark-light p-2 shadow-xl">
                <a href={api.exportUrl(currentConversationId, 'markdown')} download className={EXPORT_LINK}>
                  Markdown (.md)
                </a>
                <a href={api.exportUrl(currentConversationId, 'json')} download className={EXPORT_LINK}>
                  JSON (.json)
                </a>
              </div>
            </details>
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
