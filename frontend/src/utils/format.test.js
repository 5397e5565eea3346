import { describe, expect, it } from 'vitest'
import { formatSeconds, formatTokens } from './format'

describe('formatting', () => {
  it('formats seconds', () => {
    expect(formatSeconds(1234)).toBe('1.2 s')
    expect(formatSeconds(12.4)).toBe('12 ms')
    expect(formatSeconds(61_000)).toBe('61 s')
  })
})

describe('formatTokens', () => {
  it.each([
    [900, '900'],
    [1536, '1.5K'],
    [4096, '4K'],
    [32768, '32K'],
    [131072, '128K'],
    [null, ''],
  ])('%s → %s', (count, text) => expect(formatTokens(count)).toBe(text))
})
