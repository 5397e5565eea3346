import { describe, expect, it } from 'vitest'
import { contextLengthFor } from './selectors'

const measured = (stats) => ({ role: 'assistant', content: 'x'.repeat(30), stats })

describe('contextLengthFor', () => {
  it('prefers the window the model is loaded with, then the last reply’s', () => {
    const messages = [measured({ context_length: 4096 })]
    expect(contextLengthFor(messages, { context_length: 8192 })).toBe(8192)
    expect(contextLengthFor(messages, { context_length: null })).toBe(4096)
    expect(contextLengthFor([], null)).toBeNull()
  })
})
