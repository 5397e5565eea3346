import { useCallback, useLayoutEffect, useRef, useState } from 'react'

// Within this many pixels of the end counts as "at the bottom": follow the reply.
const STICK_TO_BOTTOM_PX = 48

/**
 * The message list follows new text only while the reader is at its end: scrolling up to read
 * stops that (and `isAwayFromBottom` offers Jump to latest); `jumpToLatest` and `follow` (one's
 * own message always brings one to the end) start it again. A newly opened conversation starts at
 * its end. Jumps are instant: a smooth scroll restarted per token falls behind a fast reply.
 * The second argument is what is shown: when it changes, the list may have grown.
 */
export function useFollowScroll(scrollerRef, { messages, text, reasoning, isStreaming, error }, { conversationId, focusMessageId }) {
  const followRef = useRef(true)
  const [isAwayFromBottom, setIsAwayFromBottom] = useState(false)

  const onScroll = useCallback(() => {
    const scroller = scrollerRef.current
    if (!scroller) return
    const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= STICK_TO_BOTTOM_PX
    followRef.current = atBottom
    setIsAwayFromBottom(!atBottom)
  }, [scrollerRef])

  useLayoutEffect(() => {
    const scroller = scrollerRef.current
    if (scroller && followRef.current) scroller.scrollTop = scroller.scrollHeight
  }, [scrollerRef, messages, text, reasoning, isStreaming, error])

  useLayoutEffect(() => {
    followRef.current = true
    setIsAwayFromBottom(false)
  }, [conversationId, focusMessageId])

  const follow = useCallback(() => {
    followRef.current = true
  }, [])

  const stopFollowing = useCallback(() => {
    followRef.current = false
  }, [])

  const jumpToLatest = () => {
    follow()
    setIsAwayFromBottom(false)
    const scroller = scrollerRef.current
    if (scroller) scroller.scrollTop = scroller.scrollHeight
  }

  return { onScroll, isAwayFromBottom, jumpToLatest, follow, stopFollowing }
}
