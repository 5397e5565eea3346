import { useEffect, useReducer, useRef, useState } from 'react'
import { importHistory } from '../../services/api'
import { importReducer, initialImport, isExportFile } from './importState'

const carriesFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files')

/**
 * Importing an export file: the dialog's state (`isOpen`, `status`, progress, the answer or the
 * error), `start(file)`, `cancel()`, and `dropHandlers` for the element files may be dropped on
 * (`isDragging` while they are held over it). `onImported` runs after conversations came in, to
 * reload the list.
 */
export function useImport(onImported) {
  const [state, dispatch] = useReducer(importReducer, initialImport)
  const [isOpen, setOpen] = useState(false)
  const [isDragging, setDragging] = useState(false)
  const controllerRef = useRef(null)
  const busy = state.status === 'uploading' || state.status === 'reading'

  useEffect(() => () => controllerRef.current?.abort(), [])

  const start = async (file) => {
    controllerRef.current?.abort()
    const controller = new AbortController()
    controllerRef.current = controller
    setOpen(true)
    dispatch({ type: 'import/started', fileName: file.name, size: file.size })
    try {
      const result = await importHistory(file, {
        signal: controller.signal,
        onProgress: (loaded, total) => dispatch({ type: 'import/progress', loaded, total }),
        onUploaded: () => dispatch({ type: 'import/uploaded' }),
      })
      dispatch({ type: 'import/finished', result })
      if (result.imported > 0) onImported?.()
    } catch (error) {
      if (controllerRef.current !== controller) return // a newer import took its place
      if (error.name === 'AbortError') dispatch({ type: 'import/cancelled' })
      else {
        dispatch({ type: 'import/failed', message: error.message })
        setOpen(true) // closed while the backend read it: a failure is still worth saying
      }
    } finally {
      if (controllerRef.current === controller) controllerRef.current = null
    }
  }

  const cancel = () => controllerRef.current?.abort()

  /** The dialog as it is (an import under way stays on screen), or ready for a file. */
  const open = () => {
    if (!busy) dispatch({ type: 'import/reset' })
    setOpen(true)
  }

  /** Closing while the file is still being sent cancels it; once the backend reads it, it goes
   * on (the list reloads when it is done). */
  const close = () => {
    if (state.status === 'uploading') cancel()
    setOpen(false)
  }

  const refuse = (file) => {
    setOpen(true)
    dispatch({
      type: 'import/failed',
      message: `${file.name} is not an export: choose a .json or .zip file. To attach a file to a message, drop it on the conversation.`,
    })
  }

  const dropHandlers = {
    onDragOver: (event) => {
      if (!carriesFiles(event)) return
      event.preventDefault() // else the browser leaves the page to show the file
      setDragging(true)
    },
    onDragLeave: (event) => {
      if (!event.currentTarget.contains(event.relatedTarget)) setDragging(false)
    },
    onDrop: (event) => {
      if (!carriesFiles(event)) return
      event.preventDefault()
      setDragging(false)
      if (busy) return
      const files = [...event.dataTransfer.files]
      const file = files.find(isExportFile)
      if (file) start(file)
      else if (files.length) refuse(files[0])
    },
  }

  return { ...state, isOpen, isDragging, busy, open, close, start, cancel, reset: () => dispatch({ type: 'import/reset' }), dropHandlers }
}
