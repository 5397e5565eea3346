import { useCallback, useLayoutEffect, useRef, useState } from 'react'

// A long conversation opens with its latest messages; earlier ones are added a page at a time
// as the reader scrolls up, so opening 1,000 messages costs what opening 60 does.
const HISTORY_PAGE = 60

/**
 * Which of `total` messages are shown: the last `shownCount`, from `firstShown`. `showEarlier`
 * adds a page above, keeping the reader where they were; it runs by itself when `markerRef`'s
 * element (above the first shown) comes near. `showLast(count)` shows at least that many.
 */
export function useHistoryPages(scrollerRef, total, { conversationId, focusMessageId }) {
  const [shownCount, setShownCount] = useState(HISTORY_PAGE)
  const markerRef = useRef(null)
  // Distance from the bottom before earlier messages were added, to keep the reader in place.
  const anchorRef = useRef(null)

  useLayoutEffect(() => setShownCount(HISTORY_PAGE), [conversationId, focusMessageId])

  const showEarlier = useCallback(() => {
    const scroller = scrollerRef.current
    if (scroller) anchorRef.current = scroller.scrollHeight - scroller.scrollTop
    setShownCount((count) => count + HISTORY_PAGE)
  }, [scrollerRef])

  const showLast = useCallback((count) => setShownCount(count), [])

  useLayoutEffect(() => {
    const scroller = scrollerRef.current
    if (scroller && anchorRef.current !== null) {
      scroller.scrollTop = scroller.scrollHeight - anchorRef.current
      anchorRef.current = null
    }
  }, [scrollerRef, shownCount])

  // Reaching the top of what is shown brings in the previous page by itself.
  const hasEarlier = total > shownCount
  useLayoutEffect(() => {
    const marker = markerRef.current
    if (!marker || typeof IntersectionObserver === 'undefined') return undefined
    const observer = new IntersectionObserver((entries) => entries[0].isIntersecting && showEarlier(), {
      root: scrollerRef.current,
      rootMargin: '400px 0px 0px 0px',
    })
    observer.observe(marker)
    return () => observer.disconnect()
  }, [scrollerRef, hasEarlier, shownCount, showEarlier])

  return { shownCount, firstShown: Math.max(0, total - shownCount), hasEarlier, showEarlier, showLast, markerRef }
}
