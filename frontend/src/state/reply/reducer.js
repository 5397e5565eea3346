// The reply being written in the open conversation: where it is (one status), and what it has
// written so far, as flushed at most once per frame (see replyText.js). Named transitions only.
import { transitions } from '../transitions'
import { TOOL_STATUS, announcedCall, answeredStatus } from './toolCalls'

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
  // The tools it called, in order (toolCalls.js): each with its status and, once answered, result.
  calls: [],
}

const submitted = { ...initialReplyState, status: REPLY_STATUS.submitted }
const none = () => initialReplyState

/** The reply with the call `id` changed by `change(call)`. */
const withCall = (state, id, change) => ({
  ...state,
  calls: state.calls.map((call) => (call.id === id ? { ...call, ...change(call) } : call)),
})

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

  // A tool call announced `at` characters into the text; its tool asking first; the user's
  // decision (sent, and taken by the backend); its result.
  'reply/toolCalled': (state, action) => ({ ...state, calls: [...state.calls, announcedCall(action.call, action.at)] }),
  'reply/toolWaiting': (state, action) => withCall(state, action.id, () => ({ status: TOOL_STATUS.waiting, asked: true })),
  // Only a call still waiting: a fast tool's result may arrive before the decision's answer.
  'reply/toolDecided': (state, action) =>
    withCall(state, action.id, (call) =>
      call.status !== TOOL_STATUS.waiting ? {} : { status: action.decision === 'allow' ? TOOL_STATUS.running : TOOL_STATUS.denied },
    ),
  'reply/toolAnswered': (state, action) =>
    withCall(state, action.id, (call) => ({
      status: answeredStatus(call, action.result),
      result: action.result.result ?? '',
      duration_ms: action.result.duration_ms ?? null,
    })),

  'reply/finished': none,
  'reply/failed': () => ({ ...initialReplyState, status: REPLY_STATUS.error }),
  // It ended without a message to show here: nothing ran any more, or the request was refused.
  'reply/closed': none,
})
