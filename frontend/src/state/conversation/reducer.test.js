import { describe, expect, it } from 'vitest'
import { conversationReducer } from './reducer'
import { chatOpenAt } from '../../test/chatState'

const QUESTION_AND_ANSWER = [
  { id: 'q', role: 'user', content: 'q' },
  { id: 'a', role: 'assistant', content: 'a' },
]

/** The open conversation after `action`, from the whole state `chat`. */
const after = (chat, action) => conversationReducer(chat.conversation, action, chat)

describe('the open conversation', () => {
  it('opening a conversation resets the view and starts loading', () => {
    const chat = chatOpenAt('b', { messages: [{ role: 'user', content: 'x' }], error: { message: 'e' } })
    expect(after(chat, { type: 'conversation/opened', id: 'a' })).toMatchObject({ id: 'a', messages: [], isLoading: true, error: null })
  })

  it('an accepted message follows the path it was sent on', () => {
    const chat = chatOpenAt('b', { messages: QUESTION_AND_ANSWER })
    const sent = after(chat, { type: 'message/sent', conversationId: 'b', message: { role: 'user', content: 'hello' } })
    expect(sent.messages.map((m) => m.content)).toEqual(['q', 'a', 'hello'])
    const edited = after(chat, { type: 'message/sent', conversationId: 'b', message: { role: 'user', content: 'q, better' }, keep: 0 })
    expect(edited.messages.map((m) => m.content)).toEqual(['q, better'])
  })

  it('regenerating shows the path up to the question while the new reply streams', () => {
    const state = after(chatOpenAt('b', { messages: QUESTION_AND_ANSWER }), { type: 'reply/regenerating', conversationId: 'b', keep: 1 })
    expect(state.messages.map((m) => m.id)).toEqual(['q'])
  })

  it('a finished reply joins the messages once, even if it was already loaded', () => {
    const message = { id: 'm1', role: 'assistant', content: 'done' }
    const state = after(chatOpenAt('a', { messages: [message] }), { type: 'reply/finished', conversationId: 'a', message })
    expect(state.messages).toEqual([message])
  })

  it('a failed reply keeps its partial text and offers retry', () => {
    const partial = { id: 'm2', role: 'assistant', content: 'half', status: 'interrupted' }
    const state = after(chatOpenAt('a'), {
      type: 'reply/failed',
      conversationId: 'a',
      error: 'LM Studio dropped',
      code: 'upstream_dropped',
      message: partial,
    })
    expect(state.messages).toEqual([partial])
    expect(state.error).toEqual({ message: 'LM Studio dropped', code: 'upstream_dropped', canRetry: true })
  })

  it('messages loaded for a conversation no longer open are dropped', () => {
    const state = chatOpenAt('a')
    expect(after(state, { type: 'messages/loaded', id: 'b', messages: [{}] })).toBe(state.conversation)
  })

  it('a message sent from this page keeps its key when the stored path arrives', () => {
    const chat = chatOpenAt('a')
    let state = after(chat, { type: 'messages/loaded', id: 'a', messages: [] })
    const next = (action) => conversationReducer(state, action, chat)
    const sent = { key: 'local-1', role: 'user', content: 'Hi' }
    state = next({ type: 'message/sent', conversationId: 'a', message: sent })
    const stored = [
      { id: 'u1', role: 'user', content: 'Hi' },
      { id: 'r1', role: 'assistant', content: 'Hello' },
    ]
    state = next({ type: 'messages/loaded', id: 'a', messages: stored })
    expect(state.messages.map((m) => m.key)).toEqual(['local-1', undefined])
    // Loaded again (now with its id), it is still the same element; a different message is not.
    state = next({ type: 'messages/loaded', id: 'a', messages: stored })
    expect(state.messages[0].key).toBe('local-1')
    state = next({ type: 'messages/loaded', id: 'a', messages: [{ id: 'u2', role: 'user', content: 'Hi' }] })
    expect(state.messages[0].key).toBeUndefined()
  })
})
