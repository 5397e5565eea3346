// What tells conversations apart in the collapsed sidebar: up to two initials and a colour.

const segmenter = typeof Intl !== 'undefined' && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null

function firstCharacter(word) {
  if (segmenter) return segmenter.segment(word)[Symbol.iterator]().next().value?.segment ?? ''
  return Array.from(word)[0] ?? ''
}

/** "Trip to Lisbon" → "TT"; words without a letter or digit (punctuation, stub braces) are skipped. */
export function initialsOf(title) {
  const words = title.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word))
  const letters = words.slice(0, 2).map((word) => firstCharacter(word.replace(/^[^\p{L}\p{N}]+/u, '')))
  return letters.join('').toLocaleUpperCase() || '?'
}

// Badges whose white text has at least 4.5:1 contrast on their background (600–700 shades),
// each written out whole for Tailwind.
export const BADGE_CLASSES = [
  'flex h-7 w-7 items-center justify-center rounded-md bg-indigo-600 text-xs font-semibold text-white',
  'flex h-7 w-7 items-center justify-center rounded-md bg-violet-600 text-xs font-semibold text-white',
  'flex h-7 w-7 items-center justify-center rounded-md bg-sky-700 text-xs font-semibold text-white',
  'flex h-7 w-7 items-center justify-center rounded-md bg-emerald-700 text-xs font-semibold text-white',
  'flex h-7 w-7 items-center justify-center rounded-md bg-rose-700 text-xs font-semibold text-white',
  'flex h-7 w-7 items-center justify-center rounded-md bg-amber-700 text-xs font-semibold text-white',
]

/** The same conversation always gets the same badge. */
export function badgeClassesFor(id) {
  let hash = 0
  for (const character of String(id)) hash = (hash * 31 + character.codePointAt(0)) >>> 0
  return BADGE_CLASSES[hash % BADGE_CLASSES.length]
}
