import { useEffect, useMemo, useState } from 'react'

const SEARCH_DEBOUNCE_MS = 250

/**
 * Search: loaded conversations whose title matches show at once; the backend's results (every
 * conversation, titles and messages, each with a snippet of its matching message) replace them
 * a moment later. Null while there is no query.
 */
export function useConversationSearch(conversations, query, searchConversations) {
  const [found, setFound] = useState(null)
  const trimmed = query.trim()

  useEffect(() => {
    if (!trimmed) return undefined
    const controller = new AbortController()
    const timer = setTimeout(async () => {
      const results = await searchConversations(trimmed, controller.signal)
      if (!controller.signal.aborted && results) setFound({ query: trimmed, results })
    }, SEARCH_DEBOUNCE_MS)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [trimmed, searchConversations])

  return useMemo(() => {
    if (!trimmed) return null
    if (found?.query === trimmed) return found.results
    const needle = trimmed.toLocaleLowerCase()
    return conversations.filter((c) => c.title.toLocaleLowerCase().includes(needle))
  }, [conversations, trimmed, found])
}
