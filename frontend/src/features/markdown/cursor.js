// The pulsing cursor of a reply in progress, placed at the end of its last line of text (inside
// the last paragraph, list item or heading) rather than on a line of its own, so the reply's
// height does not change when the cursor goes away at the end.

export const CURSOR_CLASS = 'stream-cursor animate-pulse bg-primary'

// Elements the cursor may go inside of: ones that hold lines of text, or hold such elements.
const TEXT_CONTAINERS = new Set(['p', 'li', 'ul', 'ol', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'div'])

function lastMeaningfulChild(node) {
  for (let index = node.children.length - 1; index >= 0; index -= 1) {
    const child = node.children[index]
    if (child.type === 'element' || (child.type === 'text' && child.value.trim())) return child
  }
  return null
}

/** A rehype plugin: append the cursor to the deepest last text container of the document. */
export function rehypeCursor() {
  return (tree) => {
    let node = tree
    for (let last = lastMeaningfulChild(node); last?.type === 'element' && TEXT_CONTAINERS.has(last.tagName); ) {
      node = last
      last = lastMeaningfulChild(node)
    }
    node.children.push({
      type: 'element',
      tagName: 'span',
      properties: { className: CURSOR_CLASS.split(' '), dataTestid: 'cursor', ariaHidden: 'true' },
      children: [],
    })
  }
}
