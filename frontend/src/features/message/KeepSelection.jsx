import { Component } from 'react'

// A reply's last block is rendered afresh at every frame while it is written, and once more as it
// ends (without the cursor): text the reader had selected in it would go with its text nodes. The
// selection is measured in characters of the content (`rootRef`) just before React changes it,
// and put back at the same characters after. A class component, because getSnapshotBeforeUpdate
// is React's one way to read the page just before an update changes it.

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

function selectedRange(root) {
  const selection = window.getSelection?.()
  if (!root || !selection?.rangeCount) return null
  const range = selection.getRangeAt(0)
  return !range.collapsed && root.contains(range.startContainer) && root.contains(range.endContainer) ? range : null
}

/** Keeps the reader's selection in `rootRef`'s element through the updates of a reply in
 * progress (`streaming`), the one that ends it included. */
class KeepSelection extends Component {
  getSnapshotBeforeUpdate(before) {
    const root = this.props.rootRef.current
    const range = before.streaming ? selectedRange(root) : null
    if (!range) return null
    return {
      start: textOffset(root, range.startContainer, range.startOffset),
      end: textOffset(root, range.endContainer, range.endOffset),
      text: range.toString(),
    }
  }

  componentDidUpdate(_before, _state, kept) {
    const root = this.props.rootRef.current
    if (!kept || !root || selectedRange(root)?.toString() === kept.text) return
    const start = textPosition(root, kept.start)
    const end = textPosition(root, kept.end)
    if (!start || !end) return
    const range = document.createRange()
    range.setStart(...start)
    range.setEnd(...end)
    window.getSelection().removeAllRanges()
    window.getSelection().addRange(range)
  }

  render() {
    return this.props.children
  }
}

export default KeepSelection
