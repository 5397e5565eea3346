import { PlusIcon } from '../../ui/icons'

/** New Chat: the start page, its box ready (`compact`: the icon only). */
const NewChatButton = ({ compact, onClick }) => (
  <button
    type="button"
    onClick={onClick}
    aria-label="New Chat"
    title="New Chat"
    className={
      compact
        ? 'flex w-full items-center justify-center rounded-xl bg-gradient-to-r from-primary to-secondary p-3 text-white transition-opacity hover:opacity-90 focus:outline-none focus:ring-2 focus:ring-primary focus:ring-offset-2 focus:ring-offset-dark-light'
        : 'flex w-full items-center justify-center gap-2 rounded-xl bg-gradient-to-r from-primary to-secondary px-4 py-3 font-medium text-white transition-opacity hover:opacity-90 focus:outline-none focus:ring-2 focus:ring-primary focus:ring-offset-2 focus:ring-offset-dark-light'
    }
  >
    <PlusIcon />
    {!compact && <span>New Chat</span>}
  </button>
)

export default NewChatButton
