// Splits text into plain and matched pieces: the parts of words that start with a searched word,
// as the backend's search matches them (case-insensitive, at the start of a word).
const WORDS = /[\p{L}\p{N}]+/gu

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** [{ text, match }] pieces of `text`; `match` is true where a word of `query` begins a word. */
export function highlightPieces(text, query) {
  const words = (query.match(WORDS) || []).sort((a, b) => b.length - a.length)
  if (!text || words.length === 0) return [{ text: text || '', match: false }]
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(escapeRegExp).join('|')})`, 'giu')
  const pieces = []
  let last = 0
  for (const found of text.matchAll(pattern)) {
    if (found.index > last) pieces.push({ text: text.slice(last, found.index), match: false })
    pieces.push({ text: found[0], match: true })
    last = found.index + found[0].length
  }
  if (last < text.length) pieces.push({ text: text.slice(last), match: false })
  return pieces
}
