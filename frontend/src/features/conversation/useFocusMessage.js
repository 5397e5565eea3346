import { useEffect, useLayoutEffect, useRef, useState } from 'react'

const HIGHLIGHT_MS = 2500

/**
 * A search result opened the conversation at `focusMessageId`: once loaded, that message is shown
 * (its page first), centred, and marked a moment (`highlightedId`). Call it after
 * useStickToBottom, whose start at the end this overrides (`unstick`).
 */
export function useFocusMessage(scrollerRef, { conversationId, focusMessageId, messages, isLoading }, pages, unstick) {
  const focusedRef = useRef(null)
  const [highlightedId, setHighlightedId] = useState(null)
  const { shownCount, showLast } = pages

  useLayoutEffect(() => {
    focusedRef.current = null
  }, [conversationId, focusMessageId])

  useLayoutEffect(() => {
    if (!focusMessageId || isLoading || focusedRef.current === focusMessageId) return
    const index = messages.findIndex((message) => message.id === focusMessageId)
    if (index < 0) return
    if (messages.length - index > shownCount) {
      showLast(messages.length - index) // render it first; this effect runs again
      return
    }
    const element = [...(scrollerRef.current?.querySelectorAll('[data-message-id]') ?? [])].find(
      (candidate) => candidate.dataset.messageId === focusMessageId,
    )
    if (!element) return
    focusedRef.current = focusMessageId
    unstick()
    element.scrollIntoView?.({ block: 'center' })
    setHighlightedId(focusMessageId)
  }, [scrollerRef, focusMessageId, messages, isLoading, shownCount, showLast, unstick])

  useEffect(() => {
    if (!highlightedId) return undefined
    const timer = setTimeout(() => setHighlightedId(null), HIGHLIGHT_MS)
    return () => clearTimeout(timer)
  }, [highlightedId])

  return highlightedId
}
