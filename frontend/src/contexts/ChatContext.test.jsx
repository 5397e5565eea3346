import { act, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useChat } from './ChatContext'
import { UNDO_DELETE_MS } from '../state/conversations/actions'
import { http, HttpResponse } from 'msw'
import { activePath, addConversation, backend, reply, server, waitForStream } from '../test/backend'
import { renderApp, renderWithChat } from '../test/render'
import { loadDraft, saveDraft } from '../state/drafts'

// The conversation's own button, not its "More actions for …" neighbour.
const sidebarItem = (title) =>
  within(screen.getByRole('navigation', { name: 'Conversation list' }))
    .getAllByRole('button', { name: new RegExp(title) })
    .find((button) => !button.getAttribute('aria-label')?.startsWith('More actions'))
const inMessages = () => within(screen.getByTestId('message-list'))
const streamed = () => screen.getByTestId('streaming-message')

async function send(user, text) {
  await user.type(screen.getByRole('textbox', { name: 'Message' }), `${text}{Enter}`)
}

describe('useChat', () => {
  it('throws outside ChatProvider', () => {
    const Probe = () => useChat() && null
    expect(() => render(<Probe />)).toThrow('useChat must be used within ChatProvider')
  })

  it('offers the seed state and actions', async () => {
    let chat
    const Probe = () => {
      chat = useChat()
      return null
    }
    renderWithChat(<Probe />)
    await waitFor(() => expect(chat.health).not.toBeNull())
    for (const key of [
      'conversations',
      'currentConversationId',
      'messages',
      'isLoading',
      'isStreaming',
      'streamingMessage',
      'error',
    ]) {
      expect(chat).toHaveProperty(key)
    }
    for (const action of [
      'loadConversations',
      'loadMessages',
      'createConversation',
      'deleteConversation',
      'sendMessage',
      'switchConversation',
    ]) {
      expect(typeof chat[action]).toBe('function')
    }
  })
})

describe('a conversation, end to end through the context', () => {
  it('lands on a ready box, creates the conversation with the first message, streams and stores the reply', async () => {
    const { user } = renderApp()
    expect(await screen.findByRole('heading', { name: 'Welcome to Chat AI' })).toBeInTheDocument()
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeEnabled()
    expect(backend.conversations).toHaveLength(0) // nothing created by just looking
    const historyLength = window.history.length

    await send(user, 'Hello model')
    await waitFor(() => expect(window.location.hash).toMatch(/^#\/c\/conv-/))
    expect(backend.conversations).toHaveLength(1)
    expect(window.history.length).toBe(historyLength) // Back does not return to an empty start page
    // Once the backend has the message: its title (the backend's) and "Replying…" in the sidebar, the
    // box empty but still editable (type ahead), and Stop.
    await waitFor(() => expect(sidebarItem('Hello model')).toHaveTextContent('Replying…'))
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeEnabled()
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue('')
    expect(screen.getByTestId('stop-button')).toBeInTheDocument()

    const stream = await waitForStream()
    expect(stream.body).toEqual({ conversation_id: stream.conversationId, message: 'Hello model' })
    act(() => reply.start(stream))
    act(() => reply.chunk(stream, 'Hi '))
    await waitFor(() => expect(streamed()).toHaveTextContent('Hi'))
    act(() => reply.chunk(stream, 'there!'))
    await waitFor(() => expect(streamed()).toHaveTextContent('Hi there!'))
    act(() => reply.finish(stream))

    await waitFor(() => expect(screen.queryByTestId('streaming-message')).toBeNull())
    expect(screen.getByText('Hi there!')).toBeInTheDocument()
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeEnabled()
    expect(screen.queryByTestId('stop-button')).toBeNull()
    await waitFor(() => expect(sidebarItem('Hello model')).toHaveTextContent('2 messages'))
  })

  it('Stop calls the stop endpoint and keeps the partial reply', async () => {
    const id = addConversation({ title: 'Long one' })
    const { user } = renderApp({ conversationId: id })
    await screen.findByText('No messages yet')
    await send(user, 'Tell me everything')
    const stream = await waitForStream()
    act(() => reply.chunk(stream, 'Part one, '))
    await waitFor(() => expect(streamed()).toHaveTextContent('Part one,'))
    await user.click(screen.getByTestId('stop-button'))
    await waitFor(() => expect(screen.queryByTestId('streaming-message')).toBeNull())
    expect(backend.requests).toContain(`POST /api/conversations/${id}/stop`)
    expect(screen.getByText('Part one,')).toBeInTheDocument()
    expect(screen.getByText('Stopped before the end')).toBeInTheDocument()
  })

  it('an error shows the backend sentence; Retry asks for a new reply to the same question', async () => {
    const id = addConversation({ title: 'Flaky' })
    const { user } = renderApp({ conversationId: id })
    await screen.findByText('No messages yet')
    await send(user, 'Are you there?')
    const first = await waitForStream()
    act(() => reply.fail(first))
    const alert = await screen.findByText(/Cannot reach LM Studio/)
    expect(alert.closest('[role="alert"]')).toHaveClass('text-red-300')
    expect(inMessages().getAllByText('Are you there?')).toHaveLength(1)

    await user.click(screen.getByRole('button', { name: 'Retry' }))
    await waitFor(() => expect(backend.streams).toHaveLength(2))
    const [question] = activePath(id)
    expect(backend.requests).toContain(`POST /api/conversations/${id}/messages/${question.id}/regenerate`)
    expect(backend.requests.filter((r) => r.startsWith('DELETE'))).toEqual([])
    expect(screen.queryByText(/Cannot reach LM Studio/)).toBeNull() // the error clears when the user acts
    const second = backend.streams[1]
    act(() => reply.chunk(second, 'Yes!'))
    act(() => reply.finish(second))
    await screen.findByText('Yes!')
    expect(inMessages().getAllByText('Are you there?')).toHaveLength(1)
    expect(activePath(id).map((m) => m.content)).toEqual(['Are you there?', 'Yes!'])
  })

  it('switching conversations mid-reply keeps each reply in its own conversation', async () => {
    const first = addConversation({ title: 'First' })
    const second = addConversation({ title: 'Second', messages: [{ role: 'user', content: 'old question' }] })
    const { user } = renderApp({ conversationId: first })
    await screen.findByText('No messages yet')
    await send(user, 'question one')
    const stream = await waitForStream()
    act(() => reply.chunk(stream, 'answer one, part A. '))
    await waitFor(() => expect(streamed()).toHaveTextContent('part A'))

    await user.click(sidebarItem('Second'))
    await inMessages().findByText('old question')
    expect(window.location.hash).toBe(`#/c/${second}`)
    act(() => reply.chunk(stream, 'part B. ')) // arrives while the other conversation is open
    expect(screen.queryByTestId('streaming-message')).toBeNull()
    expect(screen.queryByText(/answer one/)).toBeNull()

    await user.click(sidebarItem('question one'))
    const attached = await waitForStream((s) => s.kind === 'attach' && s.conversationId === first)
    act(() => attached.sse.send('message', { content: 'answer one, part A. part B. ' }))
    await waitFor(() => expect(streamed()).toHaveTextContent('answer one, part A. part B.'))
    attached.sent = 'answer one, part A. part B. done.'
    act(() => reply.finish(attached))
    await screen.findByText('answer one, part A. part B. done.')
    expect(screen.queryByText('old question')).toBeNull()
  })

  it('reloading during a reply re-attaches to it', async () => {
    const id = addConversation({ title: 'Busy', messages: [{ role: 'user', content: 'still thinking?' }], generating: true })
    renderApp({ conversationId: id })
    await inMessages().findByText('still thinking?')
    const attached = await waitForStream((s) => s.kind === 'attach')
    expect(screen.getByTestId('stop-button')).toBeInTheDocument()
    act(() => reply.start(attached))
    act(() => reply.chunk(attached, 'replayed text'))
    await waitFor(() => expect(streamed()).toHaveTextContent('replayed text'))
    act(() => reply.finish(attached))
    await screen.findByText('replayed text')
  })

  it('a reply that ends between listing and attaching shows up from the stored messages', async () => {
    const id = addConversation({ title: 'Just done', messages: [{ role: 'user', content: 'quick?' }], generating: true })
    server.use(
      http.get('http://localhost:8000/api/conversations/:id/stream', () => {
        backend.generating.delete(id)
        backend.messages[id].push({ id: 'r1', parent_id: backend.active[id], role: 'assistant', content: 'Already finished.' })
        backend.active[id] = 'r1'
        return new HttpResponse(null, { status: 204 })
      }),
    )
    renderApp({ conversationId: id })
    expect(await inMessages().findByText('Already finished.')).toBeInTheDocument()
    expect(screen.queryByTestId('streaming-message')).toBeNull()
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeEnabled()
  })

  it('an unknown conversation in the URL falls back to the welcome screen with a notice', async () => {
    renderApp({ conversationId: 'gone' })
    expect(await screen.findByText(/no longer exists/)).toBeInTheDocument()
    expect(screen.getByRole('heading', { name: 'Welcome to Chat AI' })).toBeInTheDocument()
    expect(window.location.hash).toBe('#/')
  })

  it('back and forward move between conversations', async () => {
    const first = addConversation({ title: 'Alpha', messages: [{ role: 'user', content: 'alpha text' }] })
    addConversation({ title: 'Beta', messages: [{ role: 'user', content: 'beta text' }] })
    const { user } = renderApp({ conversationId: first })
    await screen.findByText('alpha text')
    await user.click(sidebarItem('Beta'))
    await screen.findByText('beta text')
    act(() => window.history.back())
    await screen.findByText('alpha text')
  })

  describe('deleting a conversation', () => {
    afterEach(() => vi.useRealTimers())

    it('asks nothing, returns to the welcome screen and deletes when the Undo time is up', async () => {
      vi.useFakeTimers({ shouldAdvanceTime: true })
      const id = addConversation({ title: 'Doomed', messages: [{ role: 'user', content: 'bye' }] })
      saveDraft(id, 'never sent')
      const { user } = renderApp({ conversationId: id, advanceTimers: vi.advanceTimersByTime })
      await screen.findByText('bye')
      await user.click(screen.getByRole('button', { name: 'More actions for Doomed' }))
      await user.click(screen.getByRole('menuitem', { name: 'Delete' }))
      expect(await screen.findByRole('heading', { name: 'Welcome to Chat AI' })).toBeInTheDocument()
      expect(screen.queryByRole('button', { name: /Doomed/ })).toBeNull()
      expect(window.location.hash).toBe('#/')
      expect(screen.getByRole('status')).toHaveTextContent('Deleted “Doomed”.')
      expect(backend.requests).not.toContain(`DELETE /api/conversations/${id}`) // not yet: Undo is possible
      await act(async () => vi.advanceTimersByTime(UNDO_DELETE_MS))
      await waitFor(() => expect(backend.requests).toContain(`DELETE /api/conversations/${id}`))
      expect(screen.queryByText('Deleted “Doomed”.')).toBeNull()
      await waitFor(() => expect(loadDraft(id)).toBe('')) // its unsent draft goes with it
    })

    it('Undo brings it back, and nothing is deleted', async () => {
      vi.useFakeTimers({ shouldAdvanceTime: true })
      addConversation({ title: 'Keep me' })
      const id = addConversation({ title: 'Second thoughts' })
      const { user } = renderApp({ advanceTimers: vi.advanceTimersByTime })
      await user.click(await screen.findByRole('button', { name: 'More actions for Second thoughts' }))
      await user.click(screen.getByRole('menuitem', { name: 'Delete' }))
      await waitFor(() => expect(screen.queryByTitle('Second thoughts')).toBeNull())
      await user.click(screen.getByRole('button', { name: 'Undo' }))
      expect(await screen.findByTitle('Second thoughts')).toBeInTheDocument()
      await act(async () => vi.advanceTimersByTime(UNDO_DELETE_MS * 2))
      expect(backend.requests).not.toContain(`DELETE /api/conversations/${id}`)
      expect(screen.getByTitle('Keep me')).toBeInTheDocument()
      expect(screen.getByTitle('Second thoughts')).toBeInTheDocument()
    })
  })

  it('a stream that ends without done is an error, and the user message stays', async () => {
    const id = addConversation({ title: 'Cut' })
    const { user } = renderApp({ conversationId: id })
    await screen.findByText('No messages yet')
    await send(user, 'hello?')
    const stream = await waitForStream()
    act(() => reply.chunk(stream, 'par'))
    act(() => stream.sse.close())
    expect(await screen.findByText(/connection to the backend was lost/)).toBeInTheDocument()
    expect(inMessages().getByText('hello?')).toBeInTheDocument()
  })
})
