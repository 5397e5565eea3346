import { useLayoutEffect } from 'react'

// A reply in progress is rebuilt as a stored message when it ends (StreamingMessage gives way to
// Message in the same row): the control the reader had focused in it and the text they had
// selected in it are handed from the one to the other, in the commit that swaps them.

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])'
const CONTENT = '[data-testid="message-content"]'

let handoff = null // { id, focusIndex, selection: { start, end } | null }

/** Where `node`/`offset` lies in `root`'s text, in characters. */
function textOffset(root, node, offset) {
  const range = document.createRange()
  range.selectNodeContents(root)
  range.setEnd(node, offset)
  return range.toString().length
}

/** The text node and offset `offset` characters into `root`'s text. */
function textPosition(root, offset) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  let left = offset
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (left <= node.length) return [node, left]
    left -= node.length
  }
  return null
}

function give(root, id) {
  const focusables = [...root.querySelectorAll(FOCUSABLE)]
  const focusIndex = focusables.indexOf(document.activeElement)
  const content = root.querySelector(CONTENT)
  const range = window.getSelection?.()?.rangeCount ? window.getSelection().getRangeAt(0) : null
  const selection =
    content && range && !range.collapsed && content.contains(range.startContainer) && content.contains(range.endContainer)
      ? { start: textOffset(content, range.startContainer, range.startOffset), end: textOffset(content, range.endContainer, range.endOffset) }
      : null
  if (focusIndex < 0 && !selection) return
  handoff = { id, focusIndex, selection }
  queueMicrotask(() => (handoff = null)) // taken in the same commit, or not at all
}

function take(root, id) {
  if (!handoff || handoff.id !== id) return
  const { focusIndex, selection } = handoff
  handoff = null
  if (focusIndex >= 0) root.querySelectorAll(FOCUSABLE)[focusIndex]?.focus({ preventScroll: true })
  const content = root.querySelector(CONTENT)
  const start = selection && content && textPosition(content, selection.start)
  const end = selection && content && textPosition(content, selection.end)
  if (!start || !end) return
  const range = document.createRange()
  range.setStart(...start)
  range.setEnd(...end)
  window.getSelection().removeAllRanges()
  window.getSelection().addRange(range)
}

/** For the row element `ref` of message `id`: 'give' as a reply in progress goes, 'take' as a
 * stored message comes. */
export function useRebuildHandoff(ref, id, role) {
  useLayoutEffect(() => {
    const root = ref.current
    if (!root || id == null) return undefined
    if (role === 'take') {
      take(root, id)
      return undefined
    }
    return () => give(root, id)
  }, [ref, id, role])
}
