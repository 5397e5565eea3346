import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react'

// Within this many pixels of the end counts as "at the bottom": the list stays there as it grows.
const STICK_TO_BOTTOM_PX = 48

/**
 * The message list stays at its end as new text arrives, while the reader is there: scrolling up
 * to read lets it go (and `isAwayFromBottom` offers Jump to latest); `jumpToLatest` and `stick`
 * (one's own message always brings one to the end) hold it there again; `unstick` lets it go. A newly opened conversation starts at
 * its end. Jumps are instant: a smooth scroll restarted per token falls behind a fast reply.
 * The list also changes size by itself, after what is shown has changed: math, code colours and
 * fonts arrive later and grow the messages, the box below grows and shrinks the list's window.
 * Both are watched (`contentRef` is the element inside the scroller that holds the messages).
 * The third argument is what is shown: when it changes, the list may have grown.
 */
export function useStickToBottom(
  scrollerRef,
  contentRef,
  { messages, text, reasoning, isStreaming, error },
  { conversationId, focusMessageId },
) {
  const stuckRef = useRef(true)
  const [isAwayFromBottom, setIsAwayFromBottom] = useState(false)

  const onScroll = useCallback(() => {
    const scroller = scrollerRef.current
    if (!scroller) return
    const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= STICK_TO_BOTTOM_PX
    stuckRef.current = atBottom
    setIsAwayFromBottom(!atBottom)
  }, [scrollerRef])

  useLayoutEffect(() => {
    const scroller = scrollerRef.current
    if (scroller && stuckRef.current) scroller.scrollTop = scroller.scrollHeight
  }, [scrollerRef, messages, text, reasoning, isStreaming, error])

  // No scroll event tells of these changes: the browser keeps scrollTop (or anchors on something
  // near the top of the window), which leaves a reader who was at the end short of it.
  useEffect(() => {
    const scroller = scrollerRef.current
    const content = contentRef.current
    if (!scroller || !content || typeof ResizeObserver === 'undefined') return undefined
    const observer = new ResizeObserver(() => {
      if (stuckRef.current) scroller.scrollTop = scroller.scrollHeight
    })
    observer.observe(scroller)
    observer.observe(content)
    return () => observer.disconnect()
  }, [scrollerRef, contentRef])

  useLayoutEffect(() => {
    stuckRef.current = true
    setIsAwayFromBottom(false)
  }, [conversationId, focusMessageId])

  const stick = useCallback(() => {
    stuckRef.current = true
  }, [])

  const unstick = useCallback(() => {
    stuckRef.current = false
  }, [])

  const jumpToLatest = () => {
    stick()
    setIsAwayFromBottom(false)
    const scroller = scrollerRef.current
    if (scroller) scroller.scrollTop = scroller.scrollHeight
  }

  return { onScroll, isAwayFromBottom, jumpToLatest, stick, unstick }
}
