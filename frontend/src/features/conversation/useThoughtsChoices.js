import { useCallback, useState } from 'react'

/**
 * The reader's choices to open or fold replies' thoughts, by row key (a stored reply's id): kept
 * above the messages, so the choice made while a reply is written holds once it is stored (the
 * row is rebuilt then). Forgotten when another conversation (or place in one) is opened, as its
 * messages are.
 */
export function useThoughtsChoices(openedAt) {
  const [choices, setChoices] = useState({ openedAt, byKey: {} })
  const current = choices.openedAt === openedAt ? choices.byKey : {}
  const choose = useCallback(
    (key, open) =>
      setChoices((before) => ({
        openedAt,
        byKey: { ...(before.openedAt === openedAt ? before.byKey : {}), [key]: open },
      })),
    [openedAt],
  )
  return { chosenFor: (key) => current[key] ?? null, choose }
}
