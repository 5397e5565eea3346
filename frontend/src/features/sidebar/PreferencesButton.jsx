import { SettingsIcon } from '../../ui/icons'

/** At the sidebar's foot: the screen for the defaults of new conversations and the presets
 * (`children`: more of the foot, above it). */
const PreferencesButton = ({ compact, onClick, children }) => (
  <div className={compact ? 'space-y-1 border-t border-dark-lighter p-2' : 'space-y-1 border-t border-dark-lighter px-4 py-3'}>
    {children}
    <button
      type="button"
      onClick={onClick}
      aria-label={compact ? 'Defaults & presets' : undefined}
      title="Defaults for new conversations, and presets"
      className={
        compact
          ? 'flex w-full items-center justify-center rounded-lg p-2 text-gray-300 hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'
          : 'flex w-full items-center gap-2 rounded-lg px-3 py-2 text-sm text-gray-300 hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'
      }
    >
      <SettingsIcon className="h-4 w-4" />
      {!compact && <span>Defaults & presets</span>}
    </button>
  </div>
)

export default PreferencesButton
