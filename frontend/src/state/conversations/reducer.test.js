import { describe, expect, it } from 'vitest'
import { conversationsReducer } from './reducer'
import { chatReducer, initialChatState } from '../chatReducer'
import { chatOpenAt } from '../../test/chatState'

describe('the list and the open conversation', () => {
  it('an accepted message is counted and moves its conversation up', () => {
    const chat = chatOpenAt('b', {
      messages: [
        { id: 'q', role: 'user', content: 'q' },
        { id: 'a', role: 'assistant', content: 'a' },
      ],
    })
    const send = (extra) =>
      conversationsReducer(chat.conversations, { type: 'message/sent', conversationId: 'b', message: { role: 'user' }, ...extra }, chat)
    // The title is the backend's to give (never the user's own title, one line): unchanged here.
    expect(send({}).list[0]).toMatchObject({ id: 'b', title: 'Other', message_count: 3 })
    expect(send({ keep: 0 }).list[0].message_count).toBe(1)
  })
})

describe('the paged conversation list', () => {
  const at = (id, minute) => ({ id, title: id, updated_at: `2026-11-25T10:${String(minute).padStart(2, '0')}:00Z` })
  const loaded = (state, conversations, pageSize = 2) => chatReducer(state, { type: 'conversations/loaded', conversations, pageSize })
  const listed = (state) => state.conversations.list.map((c) => c.id)
  const withList = (list) => ({ ...initialChatState, conversations: { ...initialChatState.conversations, list } })

  it('keeps what later pages brought below a refreshed first page', () => {
    let state = loaded(initialChatState, [at('d', 40), at('c', 30)])
    expect(state.conversations.hasMore).toBe(true)
    state = chatReducer(state, { type: 'conversations/more', conversations: [at('b', 20), at('a', 10)], pageSize: 2 })
    state = loaded(state, [at('b', 50), at('d', 40)]) // b had new activity
    expect(listed(state)).toEqual(['b', 'd', 'c', 'a'])
    expect(state.conversations.hasMore).toBe(true)
  })

  it('a first page shorter than a page is the whole list', () => {
    const state = loaded(withList([at('x', 1)]), [at('y', 5)])
    expect(listed(state)).toEqual(['y'])
    expect(state.conversations.hasMore).toBe(false)
  })

  it('adds a page without repeating conversations, and knows when it was the last', () => {
    let state = loaded(initialChatState, [at('d', 40), at('c', 30)])
    state = chatReducer(state, { type: 'conversations/more', conversations: [at('c', 30), at('b', 20)], pageSize: 2 })
    expect(listed(state)).toEqual(['d', 'c', 'b'])
    state = chatReducer(state, { type: 'conversations/more', conversations: [at('a', 10)], pageSize: 2 })
    expect(state.conversations.hasMore).toBe(false)
  })

  it("puts an opened conversation's summary where its activity belongs, or leaves it for its page", () => {
    let state = loaded(initialChatState, [at('d', 40), at('c', 30)])
    state = chatReducer(state, { type: 'conversation/opened', id: 'old' })
    state = chatReducer(state, { type: 'conversation/summary', conversation: at('old', 1) })
    expect(listed(state)).toEqual(['d', 'c'])
    expect(state.conversation.summary.id).toBe('old')
    state = chatReducer(state, { type: 'conversation/summary', conversation: at('c', 45) })
    expect(listed(state)).toEqual(['c', 'd'])
  })
})
