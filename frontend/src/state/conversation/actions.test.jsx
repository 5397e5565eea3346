import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { activePath, addConversation, backend, server } from '../../test/backend'
import { renderApp } from '../../test/render'
import { inMessages } from '../../test/fixtures'

describe('opening a conversation as its reply ends', () => {
  it('shows the reply stored between reading the messages and the summary', async () => {
    const id = addConversation({ title: 'Race', messages: [{ role: 'user', content: 'Summarise it.' }] })
    const before = activePath(id)
    // The messages are read while the reply still runs; the summary after it was stored.
    server.use(
      http.get(`http://localhost:8000/api/conversations/${id}/messages`, () => HttpResponse.json(before), { once: true }),
    )
    backend.messages[id].push({ id: 'late-reply', parent_id: before[0].id, role: 'assistant', content: 'The summary.', status: 'complete' })
    backend.active[id] = 'late-reply'
    renderApp({ conversationId: id })
    expect(await inMessages().findByText('The summary.')).toBeInTheDocument()
  })
})
