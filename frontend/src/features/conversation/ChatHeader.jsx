import IconButton from '../../ui/IconButton'
import { KeyboardIcon, MenuIcon, SettingsIcon } from '../../ui/icons'
import { SMALL_UP, useMediaQuery } from '../../ui/useMediaQuery'
import ModelManager from '../models/ModelManager'
import ModelPicker from '../models/ModelPicker'
import ExportMenu from './ExportMenu'

const MENU_BUTTON =
  'rounded-lg p-2 text-gray-300 transition-colors hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary md:hidden'
const SHORTCUTS_BUTTON =
  'hidden rounded-lg p-2 text-gray-300 transition-colors hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary sm:block'

/**
 * Above the messages: the menu button on narrow screens, the title, the model (`picker`: the
 * ModelPicker's props; under the title on phones, where the title keeps the row) with the models
 * dialog beside it (`manager`: ModelManager's props, null without a catalog), the settings
 * panel's button, export (of an open conversation, `conversationId`) and the shortcuts' list.
 */
const ChatHeader = ({ title, conversationId, picker, manager, isSettingsOpen, onToggleSettings, onOpenSidebar, onOpenShortcuts }) => {
  const isWide = useMediaQuery(SMALL_UP)
  return (
    <header className="flex items-center gap-2 border-b border-dark-lighter bg-dark px-3 py-2 sm:px-4">
      <IconButton label="Open conversations" onClick={onOpenSidebar} className={MENU_BUTTON}>
        <MenuIcon />
      </IconButton>
      <div className="min-w-0 flex-1">
        <h2 className="truncate text-sm font-medium text-gray-100 sm:text-base">{title}</h2>
        {!isWide && (
          <div className="flex min-w-0 items-center gap-1">
            <ModelPicker {...picker} variant="compact" />
            {manager && <ModelManager {...manager} variant="compact" />}
          </div>
        )}
      </div>
      {isWide && <ModelPicker {...picker} />}
      {isWide && manager && <ModelManager {...manager} />}
      <IconButton label="Conversation settings" title="Conversation settings" onClick={onToggleSettings} aria-expanded={isSettingsOpen}>
        <SettingsIcon />
      </IconButton>
      {conversationId && <ExportMenu conversationId={conversationId} />}
      <IconButton label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={onOpenShortcuts} className={SHORTCUTS_BUTTON}>
        <KeyboardIcon />
      </IconButton>
    </header>
  )
}

export default ChatHeader
