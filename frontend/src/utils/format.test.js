import { describe, expect, it } from 'vitest'
import { formatMoment, formatSeconds, formatTokens } from './format'

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

describe('formatMoment', () => {
  const now = new Date(2026, 2, 2, 18, 30)
  const clock = (date) => date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })

  it('says only the time for today, and the day too for another day', () => {
    const today = new Date(2026, 2, 2, 14, 2)
    expect(formatMoment(today.toISOString(), now)).toBe(clock(today))
    const before = new Date(2026, 1, 27, 9, 5)
    expect(formatMoment(before.toISOString(), now)).toMatch(new RegExp(`^\\S.*, ${clock(before)}$`))
    expect(formatMoment(before.toISOString(), now)).not.toMatch(/2026/)
    expect(formatMoment(new Date(2025, 1, 27).toISOString(), now)).toMatch(/2025/)
    expect(formatMoment('not a date', now)).toBe('')
  })
})
