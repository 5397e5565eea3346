import { describe, expect, it } from 'vitest'
import { highlightPieces } from './highlight'

const marked = (text, query) =>
  highlightPieces(text, query)
    .map((piece) => (piece.match ? `[${piece.text}]` : piece.text))
    .join('')

describe('highlightPieces', () => {
  it('marks the starts of words, whatever their case or script', () => {
    expect(marked('Narwhals live in the Arctic', 'narwhal')).toBe('[Narwhal]s live in the Arctic')
    expect(marked('Über den Wolken, über alles', 'ÜBER')).toBe('[Über] den Wolken, [über] alles')
    expect(marked('ΣΊΣΥΦΟΣ και ο βράχος', 'σίσυφ')).toBe('[ΣΊΣΥΦ]ΟΣ και ο βράχος')
  })

  it('does not mark the middle of a word, and treats the query as text, not a pattern', () => {
    expect(marked('bacon and acorns', 'acon')).toBe('bacon and acorns')
    expect(marked('costs 100% (.*) more', '.* 100%')).toBe('costs [100]% (.*) more')
  })

  it('gives the text back whole when there is nothing to mark', () => {
    expect(highlightPieces('plain', '%%%')).toEqual([{ text: 'plain', match: false }])
    expect(highlightPieces('', 'x')).toEqual([{ text: '', match: false }])
  })
})
