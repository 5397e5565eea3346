import { useState } from 'react'

/**
 * The id of the reply last shown here while it was written (`replyId`, null between replies),
 * until another conversation (or place in one: `openedAt`) is opened. When the reply is stored,
 * its Message takes the row without fading in a second time.
 */
export function useLastReplyInProgress(replyId, openedAt) {
  const [shown, setShown] = useState({ openedAt, id: null })
  if (replyId != null && (shown.openedAt !== openedAt || shown.id !== replyId)) setShown({ openedAt, id: replyId })
  return shown.openedAt === openedAt ? shown.id : null
}
