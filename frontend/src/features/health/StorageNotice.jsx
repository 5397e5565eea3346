/**
 * A quiet line while the backend keeps conversations in memory (`storage`, from health): they are
 * gone when it stops, and nothing else on screen would say so. Not an alarm: it is a choice
 * (`./start.sh --memory`, or the backend run without CHAT_DB), but one to be told about.
 */
const StorageNotice = ({ storage }) => {
  if (storage !== 'memory') return null
  return (
    <p
      role="note"
      data-testid="storage-notice"
      title="The backend was started without a database file (./start.sh --memory, or CHAT_DB unset). ./start.sh keeps history in ~/.client-chat/chat.db."
      className="truncate border-b border-dark-lighter bg-dark-light px-4 py-1 text-center text-xs text-gray-400"
    >
      Conversations are not saved: this backend keeps them in memory until it stops.
    </p>
  )
}

export default StorageNotice
