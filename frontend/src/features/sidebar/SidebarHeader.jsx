import IconButton from '../../ui/IconButton'
import { ChevronsLeftIcon, ChevronsRightIcon, CloseIcon } from '../../ui/icons'

/** The app's name and, on wide screens, the button that collapses the sidebar to icons (or
 * expands it); over a phone's screen, the one that closes it. */
const SidebarHeader = ({ compact, isWide, onToggleCollapsed, onClose }) => (
  <div className={compact ? 'flex items-center justify-center p-4' : 'flex items-center justify-between p-4'}>
    {!compact && (
      <h1 className="bg-gradient-to-r from-primary to-secondary bg-clip-text text-xl font-bold text-transparent">Chat AI</h1>
    )}
    {isWide ? (
      <IconButton
        label={compact ? 'Expand sidebar' : 'Collapse sidebar'}
        title={compact ? 'Expand sidebar' : 'Collapse sidebar'}
        variant="sidebar"
        onClick={onToggleCollapsed}
        aria-expanded={!compact}
      >
        {compact ? <ChevronsRightIcon /> : <ChevronsLeftIcon />}
      </IconButton>
    ) : (
      <IconButton label="Close conversations" variant="sidebar" onClick={onClose}>
        <CloseIcon />
      </IconButton>
    )}
  </div>
)

export default SidebarHeader
