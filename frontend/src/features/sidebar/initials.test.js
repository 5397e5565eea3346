import { describe, expect, it } from 'vitest'
import { BADGE_CLASSES, badgeClassesFor, initialsOf } from './initials'

describe('initials for the collapsed sidebar', () => {
  it('takes the first letters of the first two words', () => {
    expect(initialsOf('Trip to Lisbon')).toBe('TT')
    expect(initialsOf('rust')).toBe('R')
    expect(initialsOf('  "quoted" title ')).toBe('QT')
    expect(initialsOf('{{stub tokens=3}} hello')).toBe('ST')
  })

  it('keeps any script and whole characters (accents, CJK, emoji)', () => {
    expect(initialsOf('élan vital')).toBe('ÉV')
    expect(initialsOf('東京 旅行')).toBe('東旅')
    expect(initialsOf('🚀 launch plan')).toBe('LP')
  })

  it('never shows nothing', () => {
    expect(initialsOf('... !!!')).toBe('?')
  })

  it('gives one conversation one colour, and spreads conversations over the colours', () => {
    expect(badgeClassesFor('conv-1')).toBe(badgeClassesFor('conv-1'))
    const used = new Set(Array.from({ length: 60 }, (_, index) => badgeClassesFor(`id-${index}`)))
    expect(used.size).toBe(BADGE_CLASSES.length)
  })
})
