/** "Deleted “Trip plans”. Undo" for the few seconds a deleted conversation can be had back
 * (`pendingDeletions`, the latest last). */
const UndoToast = ({ pendingDeletions, onUndo }) => {
  const latest = pendingDeletions[pendingDeletions.length - 1]
  if (!latest) return null
  return (
    <div
      role="status"
      className="fixed bottom-24 left-1/2 z-50 flex max-w-[calc(100vw-2rem)] -translate-x-1/2 items-center gap-4 rounded-xl border border-dark-lighter bg-dark-light px-4 py-3 text-sm text-gray-100 shadow-xl"
    >
      <span className="min-w-0 truncate">
        Deleted “{latest.title}”{pendingDeletions.length > 1 ? ` and ${pendingDeletions.length - 1} more` : ''}.
      </span>
      <button
        type="button"
        onClick={() => onUndo(latest.id)}
        className="shrink-0 rounded-lg px-2 py-1 font-medium text-indigo-300 hover:bg-dark-lighter hover:text-indigo-200 focus:outline-none focus-visible:ring-2 focus-visible:ring-primary"
      >
        Undo
      </button>
    </div>
  )
}

export default UndoToast
