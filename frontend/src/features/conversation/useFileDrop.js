import { useState } from 'react'

const carriesFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files')

/** Files dropped on the element that takes `handlers` go to `onFiles(files)`; `isDragging` while
 * they are held over it. */
export function useFileDrop(onFiles) {
  const [isDragging, setDragging] = useState(false)
  const handlers = {
    onDragOver: (event) => {
      if (!carriesFiles(event)) return
      event.preventDefault()
      setDragging(true)
    },
    onDragLeave: (event) => {
      if (!event.currentTarget.contains(event.relatedTarget)) setDragging(false)
    },
    onDrop: (event) => {
      if (!carriesFiles(event)) return
      event.preventDefault()
      setDragging(false)
      onFiles([...event.dataTransfer.files])
    },
  }
  return { isDragging, handlers }
}
