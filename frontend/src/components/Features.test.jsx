import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { addConversation, backend, reply, waitForStream } from '../test/backend'
import { renderApp } from '../test/render'

const inMessages = () => within(screen.getByTestId('message-list'))
const list = () => within(screen.getByRole('navigation', { name: 'Conversation list' }))
const textbox = () => screen.getByRole('textbox', { name: 'Message' })

const EXCHANGE = [
  { role: 'user', content: 'What is 2+2?' },
  {
    id: 'a1',
    role: 'assistant',
    content: 'It is **4**.',
    model: 'qwen3-8b',
    reasoning: 'Two plus two.',
    stats: { ttft_ms: 1200, tokens_per_second: 42.5, completion_tokens: 12, reasoning_ms: 3400 },
    status: 'complete',
  },
]

async function openWith(messages, extra = {}) {
  const id = addConversation({ title: 'Maths', messages: structuredClone(messages), ...extra })
  const view = renderApp({ conversationId: id })
  await inMessages().findByText('What is 2+2?')
  return { id, ...view }
}

describe('reasoning', () => {
  it('shows thoughts open while thinking, folded with their duration once the answer starts', async () => {
    const id = addConversation({ title: 'Think' })
    const { user } = renderApp({ conversationId: id })
    await screen.findByText('No messages yet')
    await user.type(textbox(), 'Why?{Enter}')
    const stream = await waitForStream()
    act(() => stream.sse.send('reasoning', { reasoning: 'Let me think it through.' }))
    const toggle = await screen.findByRole('button', { name: /Thinking…/ })
    expect(toggle).toHaveAttribute('aria-expanded', 'true')
    expect(screen.getByText('Let me think it through.')).toBeInTheDocument()
    act(() => reply.chunk(stream, 'Because.'))
    const folded = await screen.findByRole('button', { name: /Thought for/ })
    expect(folded).toHaveAttribute('aria-expanded', 'false')
    expect(screen.queryByText('Let me think it through.')).toBeNull()
  })

  it('keeps stored thoughts with their duration, folded, and opens them on request', async () => {
    const { user } = await openWith(EXCHANGE)
    const toggle = await screen.findByRole('button', { name: 'Thought for 3.4 s' })
    expect(screen.queryByText('Two plus two.')).toBeNull()
    await user.click(toggle)
    expect(screen.getByText('Two plus two.')).toBeInTheDocument()
  })
})

describe('each reply', () => {
  it('shows its model and stats', async () => {
    await openWith(EXCHANGE)
    expect(screen.getByTestId('message-details')).toHaveTextContent(
      'qwen3-8b · 1.2 s to first token · 42.5 tok/s · 12 tokens',
    )
    expect(await inMessages().findByText('4')).toHaveProperty('tagName', 'STRONG')
  })
})

describe('message actions', () => {
  it('copies a message', async () => {
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue()
    const { user } = await openWith(EXCHANGE)
    await user.click(screen.getAllByRole('button', { name: 'Copy' })[1])
    expect(writeText).toHaveBeenCalledWith('It is **4**.')
  })

  it('regenerates a reply as a new sibling; ‹ 1/2 › goes back to the first', async () => {
    const { id, user } = await openWith(EXCHANGE)
    await user.click(screen.getByRole('button', { name: 'Regenerate reply' }))
    const stream = await waitForStream()
    expect(backend.requests).toContain(`POST /api/conversations/${id}/messages/a1/regenerate`)
    expect(stream.kind).toBe('regenerate')
    expect(inMessages().queryByText('It is')).toBeNull() // the new reply takes the old one's place
    expect(screen.getByRole('button', { name: 'Edit message' })).toBeDisabled() // no actions mid-reply
    act(() => reply.chunk(stream, 'Four.'))
    act(() => reply.finish(stream))
    await inMessages().findByText('Four.')
    expect(inMessages().getAllByText('What is 2+2?')).toHaveLength(1)
    const versions = await screen.findByRole('group', { name: 'Reply 2 of 2' })
    expect(within(versions).getByRole('button', { name: 'Next reply' })).toBeDisabled()
    await user.click(within(versions).getByRole('button', { name: 'Previous reply' }))
    await waitFor(() => expect(inMessages().getByText('4')).toBeInTheDocument())
    expect(inMessages().queryByText('Four.')).toBeNull()
    expect(screen.getByRole('group', { name: 'Reply 1 of 2' })).toBeInTheDocument()
    expect(backend.bodies).toContainEqual([`PUT /api/conversations/${id}/active`, { message_id: 'a1' }])
  })

  it('edits a user message on a new branch; the original stays one click away', async () => {
    const { id, user } = await openWith(EXCHANGE)
    await user.click(screen.getByRole('button', { name: 'Edit message' }))
    const editor = screen.getByRole('textbox', { name: 'Edit message' })
    await user.clear(editor)
    await user.type(editor, 'What is 3+3?{Enter}')
    const stream = await waitForStream()
    expect(stream.body).toEqual({ conversation_id: id, message: 'What is 3+3?', parent_id: null })
    await waitFor(() => expect(inMessages().queryByText('What is 2+2?')).toBeNull())
    act(() => reply.chunk(stream, 'Six.'))
    act(() => reply.finish(stream))
    const versions = await screen.findByRole('group', { name: 'Message 2 of 2' })
    await user.click(within(versions).getByRole('button', { name: 'Previous version of this message' }))
    expect(await inMessages().findByText('What is 2+2?')).toBeInTheDocument()
    expect(inMessages().getByText('4')).toBeInTheDocument()
  })

  it('an edit the backend refuses stays in the editor with the reason', async () => {
    backend.maxMessageChars = 20
    const { user } = await openWith(EXCHANGE)
    await user.click(screen.getByRole('button', { name: 'Edit message' }))
    const editor = screen.getByRole('textbox', { name: 'Edit message' })
    await user.type(editor, ' And what about 5+5?{Enter}')
    expect(await screen.findByText(/Message is too long: 32 characters; the limit is 20/)).toBeInTheDocument()
    expect(screen.getByRole('textbox', { name: 'Edit message' })).toHaveValue('What is 2+2? And what about 5+5?')
    expect(inMessages().getByText('4')).toBeInTheDocument() // nothing was replaced
  })

  it('branches into a new conversation from a message', async () => {
    const { user } = await openWith(EXCHANGE)
    const [, replyActions] = screen.getAllByRole('button', { name: 'More actions' })
    await user.click(replyActions)
    await user.click(screen.getByRole('menuitem', { name: 'Branch into a new conversation' }))
    await waitFor(() => expect(backend.conversations).toHaveLength(2))
    const fork = backend.conversations[0]
    await waitFor(() => expect(window.location.hash).toBe(`#/c/${fork.id}`))
    expect(await inMessages().findByText('What is 2+2?')).toBeInTheDocument()
  })

  it('deletes a branch only after asking', async () => {
    const { id, user } = await openWith(EXCHANGE)
    const [, replyActions] = screen.getAllByRole('button', { name: 'More actions' })
    await user.click(replyActions)
    await user.click(screen.getByRole('menuitem', { name: 'Delete this message and what follows' }))
    const dialog = screen.getByRole('alertdialog', { name: 'Delete this message and what follows?' })
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect(backend.requests.filter((r) => r.startsWith('DELETE'))).toEqual([])
    await user.click(replyActions)
    await user.click(screen.getByRole('menuitem', { name: 'Delete this message and what follows' }))
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }))
    await waitFor(() => expect(inMessages().queryByText('4')).toBeNull())
    expect(backend.requests).toContain(`DELETE /api/conversations/${id}/messages/a1`)
    expect(inMessages().getByText('What is 2+2?')).toBeInTheDocument()
  })

  it('Escape cancels an edit; Up-arrow in the empty box edits the last message', async () => {
    const { user } = await openWith(EXCHANGE)
    await user.click(textbox())
    await user.keyboard('{ArrowUp}')
    const editor = screen.getByRole('textbox', { name: 'Edit message' })
    expect(editor).toHaveValue('What is 2+2?')
    expect(editor).toHaveFocus()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('textbox', { name: 'Edit message' })).toBeNull()
    expect(backend.streams).toHaveLength(0)
  })
})

describe('model and settings', () => {
  it('remembers the chosen model per conversation', async () => {
    backend.health.models = ['model-a', 'model-b']
    const { id, user } = await openWith(EXCHANGE)
    const picker = await screen.findByRole('combobox', { name: 'Model' })
    await waitFor(() => expect(within(picker).getByRole('option', { name: 'model-b' })).toBeInTheDocument())
    await user.selectOptions(picker, 'model-b')
    await waitFor(() => expect(backend.conversations.find((c) => c.id === id).model).toBe('model-b'))
    expect(picker).toHaveValue('model-b')
  })

  it('saves system prompt, temperature and max tokens', async () => {
    const { id, user } = await openWith(EXCHANGE)
    await user.click(screen.getByRole('button', { name: 'Conversation settings' }))
    await user.type(screen.getByLabelText('System prompt'), 'Be brief.')
    await user.type(screen.getByLabelText('Max tokens'), '0')
    expect(screen.getByText(/at least 1/)).toBeInTheDocument()
    await user.clear(screen.getByLabelText('Max tokens'))
    await user.type(screen.getByLabelText('Max tokens'), '256')
    await user.click(screen.getByRole('button', { name: 'Save settings' }))
    expect(await screen.findByText('Saved')).toBeInTheDocument()
    const saved = backend.conversations.find((c) => c.id === id)
    expect([saved.system_prompt, saved.temperature, saved.max_tokens]).toEqual(['Be brief.', null, 256])
  })

  it('asks before closing settings with unsaved changes; Escape closes the panel, not the reply', async () => {
    const { id, user } = await openWith(EXCHANGE)
    await user.type(textbox(), 'Another question{Enter}')
    const stream = await waitForStream()
    act(() => reply.chunk(stream, 'streaming on '))
    await waitFor(() => expect(screen.getByTestId('streaming-message')).toHaveTextContent('streaming on'))
    await user.click(screen.getByRole('button', { name: 'Conversation settings' }))
    await user.type(screen.getByLabelText('System prompt'), 'Be brief.')
    await user.keyboard('{Escape}')
    const question = screen.getByRole('alert')
    expect(question).toHaveTextContent('These settings have unsaved changes.')
    expect(within(question).getByRole('button', { name: 'Keep editing' })).toHaveFocus()
    expect(backend.requests).not.toContain(`POST /api/conversations/${id}/stop`) // the reply goes on
    await user.click(within(question).getByRole('button', { name: 'Keep editing' }))
    expect(screen.getByLabelText('System prompt')).toHaveValue('Be brief.')
    await user.click(screen.getByRole('button', { name: 'Close settings' }))
    await user.click(screen.getByRole('button', { name: 'Discard changes' }))
    expect(screen.queryByRole('region', { name: 'Conversation settings' })).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Conversation settings' }))
    await user.keyboard('{Escape}') // nothing changed: it simply closes
    expect(screen.queryByRole('region', { name: 'Conversation settings' })).toBeNull()
    expect(screen.getByTestId('streaming-message')).toBeInTheDocument()
  })

  it('offers Markdown and JSON downloads', async () => {
    const { id, user } = await openWith(EXCHANGE)
    await user.click(screen.getByRole('button', { name: 'Export conversation' }))
    expect(screen.getByRole('link', { name: 'Markdown (.md)' })).toHaveAttribute(
      'href',
      `http://localhost:8000/api/conversations/${id}/export?format=markdown`,
    )
    expect(screen.getByRole('link', { name: 'JSON (.json)' })).toHaveAttribute(
      'href',
      `http://localhost:8000/api/conversations/${id}/export?format=json`,
    )
  })
})

describe('conversations in the sidebar', () => {
  it('renames inline: double-click or F2 or the menu; Enter saves, Escape cancels', async () => {
    const id = addConversation({ title: 'Old name' })
    const { user } = renderApp()
    await user.dblClick(await list().findByText('Old name'))
    const input = screen.getByRole('textbox', { name: 'Conversation title' })
    await user.clear(input)
    await user.type(input, 'New name{Enter}')
    expect(await list().findByText('New name')).toBeInTheDocument()
    expect(backend.conversations.find((c) => c.id === id).title).toBe('New name')

    list().getByTitle('New name').focus()
    await user.keyboard('{F2}')
    await user.type(screen.getByRole('textbox', { name: 'Conversation title' }), ' changed{Escape}')
    expect(list().getByText('New name')).toBeInTheDocument()
    expect(backend.conversations.find((c) => c.id === id).title).toBe('New name')

    await user.click(screen.getByRole('button', { name: 'More actions for New name' }))
    await user.click(screen.getByRole('menuitem', { name: 'Rename' }))
    expect(screen.getByRole('textbox', { name: 'Conversation title' })).toHaveValue('New name')
  })

  it('searches titles at once, then every match with a snippet, and opens at the matching message', async () => {
    addConversation({ title: 'Lisbon trip' })
    const cooking = addConversation({
      title: 'Cooking',
      messages: [
        { id: 'm1', role: 'user', content: 'Where do I buy pastéis de nata?' },
        { id: 'm2', role: 'assistant', content: 'In Belém.' },
      ],
    })
    const { user } = renderApp()
    await list().findByText('Cooking')
    const search = screen.getByRole('searchbox', { name: 'Search conversations' })
    const results = () => within(screen.getByRole('list', { name: 'Search results' }))
    await user.type(search, 'lisbon')
    expect(results().getByRole('button', { name: 'Lisbon trip' })).toBeInTheDocument()
    expect(results().queryByRole('button', { name: /Cooking/ })).toBeNull()
    expect(results().getByText('Lisbon').tagName).toBe('MARK')
    await user.clear(search)
    await user.type(search, 'nata')
    const found = await results().findByRole('button', { name: /Cooking/ })
    expect(within(found).getByTestId('search-snippet')).toHaveTextContent('Where do I buy pastéis de nata?')
    expect(results().queryByRole('button', { name: 'Lisbon trip' })).toBeNull()
    await user.click(found)
    await waitFor(() => expect(window.location.hash).toBe(`#/c/${cooking}/m/m1`))
    const bubble = await screen.findByText('Where do I buy pastéis de nata?')
    await waitFor(() => expect(bubble.closest('[data-role]')).toHaveAttribute('data-highlighted', 'true'))
    await user.clear(search)
    await user.type(search, 'zzz')
    expect(await screen.findByText('No conversation matches your search')).toBeInTheDocument()
  })

  it('groups conversations by date', async () => {
    addConversation({ title: 'Ancient' })
    backend.conversations[0].created_at = '2020-01-01T10:00:00Z'
    addConversation({ title: 'Fresh' })
    renderApp()
    expect(await screen.findByRole('region', { name: 'Today' })).toHaveTextContent('Fresh')
    expect(screen.getByRole('region', { name: 'Older' })).toHaveTextContent('Ancient')
  })
})

describe('keyboard shortcuts', () => {
  it('Ctrl+K focuses search, Ctrl+Shift+O starts a chat, ? lists the shortcuts', async () => {
    const { user } = renderApp()
    await screen.findByRole('heading', { name: 'Welcome to Chat AI' })
    await user.keyboard('{Control>}k{/Control}')
    await waitFor(() => expect(screen.getByRole('searchbox', { name: 'Search conversations' })).toHaveFocus())
    await user.keyboard('{Control>}{Shift>}o{/Shift}{/Control}')
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Message' })).toHaveFocus())
    expect(backend.conversations).toHaveLength(0) // the first message creates it
    await user.click(document.body)
    await user.keyboard('?')
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' })
    expect(dialog).toHaveTextContent('Stop the reply')
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('Escape stops a reply', async () => {
    const id = addConversation({ title: 'Stop me' })
    const { user } = renderApp({ conversationId: id })
    await screen.findByText('No messages yet')
    await user.type(textbox(), 'Go on and on{Enter}')
    const stream = await waitForStream()
    act(() => reply.chunk(stream, 'partial '))
    await waitFor(() => expect(screen.getByTestId('streaming-message')).toHaveTextContent('partial'))
    await user.keyboard('{Escape}') // the focus is still in the message box: type ahead
    await waitFor(() => expect(backend.requests).toContain(`POST /api/conversations/${id}/stop`))
    await waitFor(() => expect(screen.queryByTestId('streaming-message')).toBeNull())
  })
})
