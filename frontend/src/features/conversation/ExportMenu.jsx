import { useEffect, useRef, useState } from 'react'
import { api } from '../../services/api'
import IconButton from '../../ui/IconButton'
import { DownloadIcon } from '../../ui/icons'

const ITEM =
  'block whitespace-nowrap rounded-md px-3 py-1.5 text-sm text-gray-200 hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'

/** A small menu of download links for the conversation (the backend sends them as attachments). */
const ExportMenu = ({ conversationId }) => {
  const [open, setOpen] = useState(false)
  const menuRef = useRef(null)

  useEffect(() => {
    if (!open) return undefined
    const close = (event) => {
      if (!menuRef.current?.contains(event.target)) setOpen(false)
    }
    const onKey = (event) => {
      if (event.key === 'Escape') {
        event.preventDefault()
        setOpen(false)
      }
    }
    document.addEventListener('mousedown', close)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('mousedown', close)
      document.removeEventListener('keydown', onKey)
    }
  }, [open])

  return (
    <div ref={menuRef} className="relative">
      <IconButton label="Export conversation" title="Export conversation" onClick={() => setOpen(!open)} aria-expanded={open} aria-haspopup="true">
        <DownloadIcon />
      </IconButton>
      {open && (
        <div className="absolute right-0 z-20 mt-1 flex flex-col gap-1 rounded-lg border border-dark-lighter bg-dark-light p-2 shadow-xl">
          <a href={api.exportUrl(conversationId, 'markdown')} download className={ITEM} onClick={() => setOpen(false)}>
            Markdown (.md)
          </a>
          <a href={api.exportUrl(conversationId, 'json')} download className={ITEM} onClick={() => setOpen(false)}>
            JSON (.json)
          </a>
        </div>
      )}
    </div>
  )
}

export default ExportMenu
