// A reply's text as it arrives, kept outside React and handed on at most once per animation frame:
// a fast reply costs one render per frame, not one per token.
import { cancelFrame, scheduleFrame } from '../../utils/frame'

/** `flush({ content, reasoning, thoughtMs })` runs at most once per frame while text arrives. */
export function createReplyText(flush) {
  let content = ''
  let reasoning = ''
  let thinkingSince = null
  let thoughtMs = null // how long the model thought before its answer began
  let frame = null
  const snapshot = () => ({ content, reasoning, thoughtMs })
  const schedule = () => {
    frame ??= scheduleFrame(() => {
      frame = null
      flush(snapshot())
    })
  }
  return {
    snapshot,
    addReasoning(text) {
      if (thinkingSince === null) thinkingSince = performance.now()
      reasoning += text
      schedule()
    },
    addContent(text) {
      if (thinkingSince !== null && thoughtMs === null) thoughtMs = performance.now() - thinkingSince
      content += text
      schedule()
    },
    /** No flush after this (the reply ended, or was left). */
    cancel() {
      cancelFrame(frame)
      frame = null
    },
  }
}
