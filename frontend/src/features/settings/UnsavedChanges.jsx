import { useEffect, useRef } from 'react'

const BUTTON_CLASS =
  'rounded-md px-3 py-1 hover:bg-amber-500/20 focus:outline-none focus-visible:ring-2 focus-visible:ring-amber-300'
const DISCARD_CLASS =
  'rounded-md px-3 py-1 font-medium hover:bg-amber-500/20 focus:outline-none focus-visible:ring-2 focus-visible:ring-amber-300'

/** Asked before closing settings that have unsaved changes: keep editing (focused), or discard. */
const UnsavedChanges = ({ what = 'These settings have', onKeepEditing, onDiscard }) => {
  const keepEditingRef = useRef(null)
  useEffect(() => keepEditingRef.current?.focus(), [])
  return (
    <div role="alert" className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-500/40 bg-amber-500/10 px-3 py-2 text-sm text-amber-100">
      <span>{what} unsaved changes.</span>
      <span className="flex gap-2">
        <button ref={keepEditingRef} type="button" onClick={onKeepEditing} className={BUTTON_CLASS}>
          Keep editing
        </button>
        <button type="button" onClick={onDiscard} className={DISCARD_CLASS}>
          Discard changes
        </button>
      </span>
    </div>
  )
}

export default UnsavedChanges
