import { useCallback, useState } from 'react'

// Which folders are open, remembered across reloads (folders start closed).
const STORAGE_KEY = 'client-chat:open-folders'

function remembered() {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY))
    return new Set(Array.isArray(value) ? value : [])
  } catch {
    return new Set()
  }
}

/** [the set of open folder ids, toggle(id, open?)]. */
export function useExpandedFolders() {
  const [open, setOpen] = useState(remembered)
  const toggle = useCallback((id, wanted) => {
    setOpen((current) => {
      const next = new Set(current)
      if (wanted ?? !next.has(id)) next.add(id)
      else next.delete(id)
      try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify([...next]))
      } catch {
        // A browser that keeps nothing: folders simply start closed next time.
      }
      return next
    })
  }, [])
  return [open, toggle]
}
