import { useEffect, useId, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import { everythingExportUrl } from '../../services/api'
import { DownloadIcon } from '../../ui/icons'
import ImportDialog from './ImportDialog'
import { ArchiveIcon, UploadIcon } from './icons'

const ITEM =
  'flex w-full items-center gap-2 whitespace-nowrap rounded-md px-3 py-2 text-left text-sm text-gray-200 hover:bg-dark-lighter hover:text-white focus:bg-dark-lighter focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'
// Above the button (it sits at the sidebar's foot); beside it when the sidebar is icons only.
const PANEL = 'absolute bottom-full left-0 right-0 z-30 mb-1 rounded-lg border border-dark-lighter bg-dark-light p-1 shadow-xl'
const PANEL_COMPACT = 'absolute bottom-0 left-full z-30 ml-2 w-56 rounded-lg border border-dark-lighter bg-dark-light p-1 shadow-xl'
const BUTTON =
  'flex w-full items-center gap-2 rounded-lg px-3 py-2 text-sm text-gray-300 hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'
const BUTTON_COMPACT =
  'flex w-full items-center justify-center rounded-lg p-2 text-gray-300 hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'
// Over the whole sidebar while an export file is held over it.
const DROP_HINT =
  'pointer-events-none absolute inset-2 z-30 flex flex-col items-center justify-center gap-2 rounded-2xl border-2 border-dashed border-primary bg-dark/80 p-4 text-center text-gray-100'

/**
 * History at the sidebar's foot: Import conversations… (the import dialog) and Export everything
 * (the whole history as one zip). Also what shows while an export is dragged over the sidebar,
 * and the import dialog itself (over the whole page: the sidebar may slide away on a phone).
 * `importer`: useImport's; `onBeforeImport` runs as the dialog opens (closing the phone overlay).
 */
const HistoryMenu = ({ compact, importer, onBeforeImport, onOpenConversation }) => {
  const [isOpen, setOpen] = useState(false)
  const buttonRef = useRef(null)
  const panelRef = useRef(null)
  const panelId = useId()

  useEffect(() => {
    if (!isOpen) return undefined
    panelRef.current?.querySelector('a, button')?.focus()
    const onPointerDown = (event) => {
      if (!panelRef.current?.contains(event.target) && !buttonRef.current?.contains(event.target)) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointerDown)
    return () => document.removeEventListener('pointerdown', onPointerDown)
  }, [isOpen])

  const closeMenu = () => {
    setOpen(false)
    buttonRef.current?.focus()
  }

  const onKeyDown = (event) => {
    if (!isOpen) return
    const items = [...panelRef.current.querySelectorAll('a, button')]
    const at = items.indexOf(document.activeElement)
    if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      closeMenu()
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      items[(at + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length]?.focus()
    }
  }

  return (
    <>
      <div
        className="relative"
        onKeyDown={onKeyDown}
        onBlur={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget) && event.relatedTarget) setOpen(false) // Tabbed away
        }}
      >
        <button
          ref={buttonRef}
          type="button"
          aria-label={compact ? 'History' : undefined}
          title="Import conversations, or export everything"
          aria-expanded={isOpen}
          aria-controls={isOpen ? panelId : undefined}
          onClick={() => setOpen(!isOpen)}
          className={compact ? BUTTON_COMPACT : BUTTON}
        >
          <ArchiveIcon />
          {!compact && <span>History</span>}
        </button>
        {isOpen && (
          <div ref={panelRef} id={panelId} className={compact ? PANEL_COMPACT : PANEL}>
            <button
              type="button"
              className={ITEM}
              onClick={() => {
                closeMenu()
                onBeforeImport?.()
                importer.open()
              }}
            >
              <UploadIcon />
              Import conversations…
            </button>
            <a href={everythingExportUrl()} download className={ITEM} onClick={() => setOpen(false)}>
              <DownloadIcon className="h-4 w-4" />
              Export everything
            </a>
          </div>
        )}
      </div>
      {importer.isDragging && !importer.isOpen && (
        <div className={DROP_HINT} data-testid="import-drop-hint">
          <UploadIcon className="h-6 w-6" />
          {!compact && <p className="text-sm">Drop an export (.json or .zip) to import its conversations</p>}
        </div>
      )}
      {importer.isOpen &&
        createPortal(<ImportDialog importer={importer} isDragging={importer.isDragging} onOpenConversation={onOpenConversation} />, document.body)}
    </>
  )
}

export default HistoryMenu
