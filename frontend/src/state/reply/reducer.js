// The reply being written in the open conversation: where it is (one status), and what it has
// written so far, as flushed at most once per frame (see replyText.js). Named transitions only.
import { transitions } from '../transitions'

export const REPLY_STATUS = Object.freeze({
  submitted: 'submitted', // asked for; nothing written yet
  streaming: 'streaming', // being written
  ready: 'ready', // none running: a message can be sent
  error: 'error', // the last one failed
})

export const initialReplyState = {
  status: REPLY_STATUS.ready,
  messageId: null, // the id the stored reply will have, so its row keeps its key
  model: null,
  text: '',
  reasoning: '',
  thoughtMs: null, // how long the model thought before the answer began
  // Whether the reply's model was loaded when the reply began ('not-loaded': LM Studio loads it
  // first, which can take minutes), and when the reply began (performance.now()).
  modelState: null,
  since: null,
}

const submitted = { ...initialReplyState, status: REPLY_STATUS.submitted }
const none = () => initialReplyState

export const replyReducer = transitions({
  'conversation/opened': none,
  'conversation/begun': none,
  'message/sent': () => submitted,
  'reply/regenerating': () => submitted,
  'reply/attached': () => submitted,

  'reply/started': (state, action) => ({
    ...state,
    status: REPLY_STATUS.streaming,
    model: action.model ?? null,
    messageId: action.messageId ?? null,
    modelState: action.modelState ?? null,
    since: action.since ?? null,
  }),

  'reply/delta': (state, action) => ({
    ...state,
    status: REPLY_STATUS.streaming,
    text: action.content,
    reasoning: action.reasoning,
    thoughtMs: action.thoughtMs ?? null,
  }),

  'reply/finished': none,
  'reply/failed': () => ({ ...initialReplyState, status: REPLY_STATUS.error }),
  // It ended without a message to show here: nothing ran any more, or the request was refused.
  'reply/closed': none,
})
