import { useChat } from '../contexts/ChatContext'
import { useLayout } from '../state/layout/LayoutContext'
import { useMediaQuery } from '../ui/useMediaQuery'
import ExportMenu from './ExportMenu'
import ModelPicker from './ModelPicker'
import SettingsPanel from './SettingsPanel'
import { KeyboardIcon, MenuIcon, SettingsIcon } from '../ui/icons'

// Tailwind's `sm`: below it the model picker moves under the title, which keeps the row.
const WIDE_SCREEN = '(min-width: 640px)'
const ICON_BUTTON =
  'rounded-lg p-2 text-gray-300 transition-colors hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'
const MENU_BUTTON =
  'rounded-lg p-2 text-gray-300 transition-colors hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary md:hidden'
const SHORTCUTS_BUTTON =
  'hidden rounded-lg p-2 text-gray-300 transition-colors hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary sm:block'

/** Above the messages: the menu button on narrow screens, the title, model (under the title on
 * phones), settings and export. */
const ChatHeader = () => {
  const {
    currentConversation,
    currentConversationId,
    models,
    catalog,
    loadCatalog,
    defaultModel,
    defaults,
    newChatSettings,
    updateNewChatSettings,
    isStreaming,
    updateConversationSettings,
    health,
  } = useChat()
  const lmStudioReachable = Boolean(health?.lmStudio?.reachable)
  const { setMobileSidebarOpen, isSettingsOpen, setSettingsOpen, openSettingsAt, settingsField, setShortcutsOpen } =
    useLayout()
  const isWide = useMediaQuery(WIDE_SCREEN)
  // On the start page the model and settings are chosen for the conversation its first message
  // begins; they are kept until then.
  const settings = currentConversationId
    ? { conversation: currentConversation, save: updateConversationSettings }
    : { conversation: { id: 'new', ...defaults, ...newChatSettings }, save: updateNewChatSettings }
  const picker = {
    models,
    catalog,
    // Asked again as it opens, while LM Studio answers (the health check asks when it is back).
    onOpen: lmStudioReachable ? () => loadCatalog({ fresh: true }) : undefined,
    defaultModel,
    value: settings.conversation?.model ?? null,
    onChange: (model) => settings.save({ model }),
    disabled: isStreaming,
  }

  return (
    <>
      <header className="flex items-center gap-2 border-b border-dark-lighter bg-dark px-3 py-2 sm:px-4">
        <button type="button" onClick={() => setMobileSidebarOpen(true)} aria-label="Open conversations" className={MENU_BUTTON}>
          <MenuIcon />
        </button>
        <div className="min-w-0 flex-1">
          <h2 className="truncate text-sm font-medium text-gray-100 sm:text-base">
            {currentConversationId ? (currentConversation?.title ?? 'Chat AI') : 'New chat'}
          </h2>
          {!isWide && <ModelPicker {...picker} variant="compact" />}
        </div>
        {isWide && <ModelPicker {...picker} />}
        <button
          type="button"
          onClick={() => (isSettingsOpen ? setSettingsOpen(false) : openSettingsAt(null))}
          aria-label="Conversation settings"
          aria-expanded={isSettingsOpen}
          title="Conversation settings"
          className={ICON_BUTTON}
        >
          <SettingsIcon />
        </button>
        {currentConversationId && <ExportMenu conversationId={currentConversationId} buttonClassName={ICON_BUTTON} />}
        <button type="button" onClick={() => setShortcutsOpen(true)} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" className={SHORTCUTS_BUTTON}>
          <KeyboardIcon />
        </button>
      </header>
      {isSettingsOpen && settings.conversation && (
        <SettingsPanel
          key={settings.conversation.id}
          conversation={settings.conversation}
          onSave={settings.save}
          focusField={settingsField}
          onClose={() => setSettingsOpen(false)}
        />
      )}
    </>
  )
}

export default ChatHeader
