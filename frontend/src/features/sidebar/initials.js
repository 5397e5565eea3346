// What tells conversations apart in the collapsed sidebar: initials (different for each) and a colour.

const segmenter = typeof Intl !== 'undefined' && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null

function characters(word) {
  if (segmenter) return Array.from(segmenter.segment(word), (piece) => piece.segment)
  return Array.from(word)
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u
// A short number tells parts apart (Chapter 2, Week 12); a year (Tax return 2026) would crowd the
// badge and is left to the words.
const NUMBER = /^\p{N}{1,2}$/u

/** The title's words that have a letter or digit (punctuation, stub braces are skipped), each
 * from its first letter or digit on. */
function wordsOf(title) {
  return title
    .split(/\s+/)
    .filter((word) => LETTER_OR_DIGIT.test(word))
    .map((word) => word.replace(/^[^\p{L}\p{N}]+/u, ''))
}

/** The initials a title could show, best first: its first letter and a number in it
 * ("Chapter 2" → C2), the first letters of its first two words, the first letter with that of a
 * later word, then with a later letter of the first word. */
function candidatesFor(title) {
  const words = wordsOf(title)
  if (words.length === 0) return ['?']
  const initial = characters(words[0])[0]
  const number = words.slice(1).find((word) => NUMBER.test(word.replace(/[^\p{L}\p{N}]+$/u, '')))
  const candidates = [
    ...(number ? [initial + number.replace(/[^\p{N}]+$/u, '')] : []),
    words
      .slice(0, 2)
      .map((word) => characters(word)[0])
      .join(''),
    ...words.slice(2).map((word) => initial + characters(word)[0]),
    ...characters(words[0])
      .slice(1)
      .filter((character) => LETTER_OR_DIGIT.test(character))
      .map((character) => initial + character),
  ]
  return [...new Set(candidates.map((candidate) => candidate.toLocaleUpperCase()))]
}

/** "Trip to Lisbon" → "TT", "Chapter 2" → "C2"; never empty. */
export function initialsOf(title) {
  return candidatesFor(title)[0]
}

/** Initials for a list of titles, each different from the others: in the list's order, each
 * takes its best initials not taken yet, else its first letter and a number (C2, C3…). The same
 * list always gets the same initials. */
export function distinctInitials(titles) {
  const taken = new Set()
  return titles.map((title) => {
    const candidates = candidatesFor(title)
    let chosen = candidates.find((candidate) => !taken.has(candidate))
    const initial = characters(candidates[0])[0]
    for (let count = 2; !chosen; count += 1) if (!taken.has(initial + count)) chosen = initial + count
    taken.add(chosen)
    return chosen
  })
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
