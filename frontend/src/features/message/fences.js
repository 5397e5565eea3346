// Fenced code blocks in text the user typed, found by the CommonMark parser itself (micromark via
// mdast-util-from-markdown) with every other construct switched off: ``` and ~~~ fences with
// their exact rules (indentation, closing fence length, an unclosed fence running to the end),
// while emphasis, links, headings and the rest stay the characters the user typed.
import { fromMarkdown } from 'mdast-util-from-markdown'

const ONLY_FENCES = {
  disable: {
    null: [
      'attention',
      'autolink',
      'blockQuote',
      'characterEscape',
      'characterReference',
      'codeIndented',
      'codeText',
      'definition',
      'hardBreakEscape',
      'headingAtx',
      'htmlFlow',
      'htmlText',
      'labelEnd',
      'labelStartImage',
      'labelStartLink',
      'list',
      'setextUnderline',
      'thematicBreak',
    ],
  },
}

/**
 * The text as pieces in order: { text } as typed (line breaks and all), and { code, language }
 * for each fenced block. Joined back, the pieces' text and fences are the original.
 */
export function splitFences(text) {
  const pieces = []
  let at = 0
  for (const node of fromMarkdown(text, { extensions: [ONLY_FENCES] }).children) {
    if (node.type !== 'code') continue
    const { start, end } = node.position
    if (start.offset > at) pieces.push({ text: trimBreaks(text.slice(at, start.offset)) })
    pieces.push({ code: node.value, language: node.lang ?? '' })
    at = end.offset
  }
  if (at < text.length) pieces.push({ text: trimBreaks(text.slice(at)) })
  return pieces.filter((piece) => piece.code !== undefined || piece.text)
}

// The line break before and after a fence (and a fence's indentation) belong to the fence, not
// to the text around it.
function trimBreaks(text) {
  return text.replace(/^\r?\n/, '').replace(/\r?\n[ \t]*$/, '')
}
