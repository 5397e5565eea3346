import { describe, expect, it } from 'vitest'
import { BADGE_CLASSES, badgeClassesFor, distinctInitials, initialsOf } from './initials'

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

  it('keeps a number in the title: "Chapter 2" is C2', () => {
    expect(initialsOf('Chapter 2')).toBe('C2')
    expect(initialsOf('Notes on chapter 12')).toBe('N12')
    expect(distinctInitials(['Chapter 1', 'Chapter 2', 'Chapter 3'])).toEqual(['C1', 'C2', 'C3'])
    // A year would crowd the badge: the words tell it apart.
    expect(initialsOf('Tax return 2026')).toBe('TR')
  })

  it('tells apart conversations whose titles begin alike, the same way every time', () => {
    const titles = ['Chat about cats', 'Chat about code', 'Chat about cars', 'Cooking', 'Cooking']
    const initials = distinctInitials(titles)
    expect(new Set(initials).size).toBe(titles.length)
    expect(initials[0]).toBe('CA') // the first keeps its usual initials
    expect(distinctInitials(titles)).toEqual(initials)
    // However many share a title, each gets its own.
    expect(new Set(distinctInitials(Array(30).fill('Untitled'))).size).toBe(30)
  })

  it('gives one conversation one colour, and spreads conversations over the colours', () => {
    expect(badgeClassesFor('conv-1')).toBe(badgeClassesFor('conv-1'))
    const used = new Set(Array.from({ length: 60 }, (_, index) => badgeClassesFor(`id-${index}`)))
    expect(used.size).toBe(BADGE_CLASSES.length)
  })
})
