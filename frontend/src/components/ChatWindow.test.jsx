import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { http, HttpResponse, delay } from 'msw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { addConversation, backend, reply, server, waitForStream } from '../test/backend'
import { renderApp } from '../test/render'

function layOut(element, { scrollHeight, clientHeight }) {
  Object.defineProperty(element, 'scrollHeight', { configurable: true, get: () => scrollHeight() })
  Object.defineProperty(element, 'clientHeight', { configurable: true, get: () => clientHeight })
}

describe('ChatWindow', () => {
  afterEach(() => vi.useRealTimers())

  it('says it is loading while messages arrive', async () => {
    const id = addConversation({ title: 'Slow', messages: [{ role: 'user', content: 'eventually' }] })
    server.use(
      http.get('http://localhost:8000/api/conversations/:id/messages', async () => {
        await delay(100)
        return HttpResponse.json(backend.messages[id])
      }),
    )
    renderApp({ conversationId: id })
    expect(await screen.findByText('Loading messages...')).toBeInTheDocument()
    expect(await screen.findByText('eventually')).toBeInTheDocument()
    expect(screen.queryByText('Loading messages...')).toBeNull()
  })

  it('says so when a conversation has no messages yet', async () => {
    renderApp({ conversationId: addConversation() })
    expect(await screen.findByText('No messages yet')).toBeInTheDocument()
  })

  it('follows the reply only while the reader is at the bottom, with a jump-to-latest control', async () => {
    const id = addConversation({ title: 'Scrolling' })
    const { user } = renderApp({ conversationId: id })
    await screen.findByText('No messages yet')
    const scroller = screen.getByTestId('message-list')
    let height = 1000
    layOut(scroller, { scrollHeight: () => height, clientHeight: 400 })

    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'go{Enter}')
    const stream = await waitForStream()
    height = 1200
    act(() => reply.chunk(stream, 'first words '))
    await waitFor(() => expect(scroller.scrollTop).toBe(1200)) // followed to the end

    scroller.scrollTop = 100 // the reader scrolls up
    fireEvent.scroll(scroller)
    const jump = await screen.findByRole('button', { name: 'Jump to latest' })
    height = 1500
    act(() => reply.chunk(stream, 'more words '))
    await waitFor(() => expect(screen.getByTestId('streaming-message')).toHaveTextContent('more words'))
    expect(scroller.scrollTop).toBe(100) // left where the reader is

    await user.click(jump)
    expect(scroller.scrollTop).toBe(1500)
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull()
    height = 1800
    act(() => reply.chunk(stream, 'and the end'))
    await waitFor(() => expect(scroller.scrollTop).toBe(1800))
  })
})

describe('a long conversation', () => {
  it('opens with its latest messages and brings in earlier ones a page at a time', async () => {
    const messages = Array.from({ length: 150 }, (_, index) => ({
      id: `m${index}`,
      role: index % 2 === 0 ? 'user' : 'assistant',
      content: `message ${index}`,
    }))
    const id = addConversation({ title: 'Long', messages })
    const { user } = renderApp({ conversationId: id })
    await screen.findByText('message 149')
    expect(document.querySelectorAll('[data-role]')).toHaveLength(60)
    expect(screen.queryByText('message 89')).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Show earlier messages (90)' }))
    expect(await screen.findByText('message 89')).toBeInTheDocument()
    expect(document.querySelectorAll('[data-role]')).toHaveLength(120)
    // Actions keep the message's place in the whole conversation.
    await user.click(screen.getAllByRole('button', { name: 'Edit message' })[0])
    const editor = screen.getByRole('textbox', { name: 'Edit message' })
    expect(editor).toHaveValue('message 30')
    await user.clear(editor)
    await user.type(editor, 'rewritten{Enter}')
    // The edit is a new branch under message 29, the parent of message 30.
    await waitFor(() =>
      expect(backend.bodies).toContainEqual(['POST /api/chat/stream', { conversation_id: id, message: 'rewritten', parent_id: 'm29' }]),
    )
    await waitFor(() => expect(screen.queryByText('message 31')).toBeNull())
    expect(screen.getByText('message 29')).toBeInTheDocument()
  })
})

describe('a reply as it ends', () => {
  async function thinkingReply() {
    const id = addConversation({ title: 'Think' })
    const view = renderApp({ conversationId: id })
    await screen.findByText('No messages yet')
    await view.user.type(screen.getByRole('textbox', { name: 'Message' }), 'Why?{Enter}')
    const stream = await waitForStream()
    act(() => reply.start(stream))
    act(() => stream.sse.send('reasoning', { reasoning: 'Let me think it through.' }))
    await screen.findByRole('button', { name: /Thinking…/ })
    return { ...view, stream }
  }

  it('keeps the thoughts open when the reader opened them while the answer was written', async () => {
    const { user, stream } = await thinkingReply()
    act(() => reply.chunk(stream, 'Because.'))
    await user.click(await screen.findByRole('button', { name: /Thought for/ }))
    expect(screen.getByText('Let me think it through.')).toBeInTheDocument()
    act(() => reply.finish(stream, { reasoning: 'Let me think it through.' }))
    await waitFor(() => expect(screen.queryByTestId('streaming-message')).toBeNull())
    expect(screen.getByRole('button', { name: /Thought/ })).toHaveAttribute('aria-expanded', 'true')
    expect(screen.getByText('Let me think it through.')).toBeInTheDocument()
  })

  it('keeps them folded when the reader folded them while the model thought', async () => {
    const { user, stream } = await thinkingReply()
    await user.click(screen.getByRole('button', { name: /Thinking…/ }))
    expect(screen.queryByText('Let me think it through.')).toBeNull()
    act(() => reply.finish(stream, { reasoning: 'Let me think it through.' }))
    await waitFor(() => expect(screen.queryByTestId('streaming-message')).toBeNull())
    expect(screen.getByRole('button', { name: /Thought/ })).toHaveAttribute('aria-expanded', 'false')
    expect(screen.queryByText('Let me think it through.')).toBeNull()
  })

  it('becomes the stored message in its row, which does not fade in a second time', async () => {
    const { stream } = await thinkingReply()
    act(() => reply.chunk(stream, 'Because.'))
    const row = () => screen.getByText('Because.').closest('[data-message-id]')
    await waitFor(() => expect(row()).toHaveAttribute('data-message-id', stream.replyId))
    expect(row()).toHaveClass('animate-fade-in')
    act(() => reply.finish(stream))
    await waitFor(() => expect(screen.queryByTestId('streaming-message')).toBeNull())
    expect(row()).toHaveAttribute('data-message-id', stream.replyId)
    expect(row()).not.toHaveClass('animate-fade-in')
    expect(within(screen.getByTestId('message-list')).getByText('Why?').closest('[data-message-id]')).toHaveClass('animate-fade-in')
  })

  it('keeps the elements it was written in: the stored reply is the same row, its finished text the same nodes', async () => {
    const { stream } = await thinkingReply()
    act(() => reply.chunk(stream, 'First paragraph.\n\nSecond one.'))
    const paragraph = await within(screen.getByTestId('streaming-message')).findByText('First paragraph.')
    const bubble = screen.getByTestId('streaming-message')
    act(() => reply.finish(stream, { reasoning: 'Let me think it through.' }))
    await waitFor(() => expect(screen.queryByTestId('streaming-message')).toBeNull())
    expect(screen.getByText('Second one.').closest('[data-role="assistant"]')).toBe(bubble)
    expect(screen.getByText('First paragraph.')).toBe(paragraph)
  })
})

describe('a reply as it ends, for a reader in it', () => {
  it('keeps the focus on the control the reader was on, and the text they selected', async () => {
    const id = addConversation({ title: 'Reading' })
    const { user } = renderApp({ conversationId: id })
    await screen.findByText('No messages yet')
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Why?{Enter}')
    const stream = await waitForStream()
    act(() => reply.start(stream))
    act(() => stream.sse.send('reasoning', { reasoning: 'Hmm.' }))
    act(() => reply.chunk(stream, 'Tides follow the moon.'))
    await waitFor(() => expect(screen.getByTestId('streaming-message')).toHaveTextContent('Tides follow the moon.'))
    const words = within(screen.getByTestId('streaming-message')).getByText('Tides follow the moon.')
    screen.getByRole('button', { name: /Thought for/ }).focus()
    const range = document.createRange()
    range.setStart(words.firstChild, 6)
    range.setEnd(words.firstChild, 12)
    window.getSelection().removeAllRanges()
    window.getSelection().addRange(range)
    act(() => reply.finish(stream, { reasoning: 'Hmm.' }))
    await waitFor(() => expect(screen.queryByTestId('streaming-message')).toBeNull())
    expect(screen.getByRole('button', { name: /Thought/ })).toHaveFocus()
    expect(window.getSelection().toString()).toBe('follow')
  })
})
