import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { backend, reply, waitForStream } from '../../test/backend'
import { inMessages, textbox, MEASURED, openTides } from '../../test/fixtures'

describe('a conversation that outgrew the context window', () => {
  const OVERFLOW = 'This conversation no longer fits the context window of qwen3-8b (4,096 tokens).'

  async function overflowed() {
    const view = await openTides(MEASURED)
    await view.user.type(textbox(), 'And the sun?{Enter}')
    const stream = await waitForStream()
    act(() => reply.fail(stream, OVERFLOW, 'context_overflow', { context_length: 4096, prompt_tokens: 4500 }))
    const notice = await screen.findByRole('alert')
    expect(notice).toHaveTextContent(OVERFLOW)
    // The ways on act on the question by its id, which the path read again after the failure
    // brings (the page sent it without one): as a user would, act once it is there.
    await waitFor(() => expect(inMessages().getByText('And the sun?').closest('[data-message-id]')).not.toBeNull())
    expect(within(notice).queryByRole('button', { name: 'Retry' })).toBeNull()
    return { ...view, notice }
  }

  it('goes on in a new conversation from its last messages', async () => {
    const { id, user, notice } = await overflowed()
    await user.click(within(notice).getByRole('button', { name: 'New chat from the last messages' }))
    await waitFor(() => expect(window.location.hash).not.toContain(id))
    expect(backend.bodies).toContainEqual([`POST /api/conversations/${id}/continue`, { start_from: 'last_messages' }])
    expect(await screen.findByRole('heading', { name: 'Continued: Tides' })).toBeInTheDocument()
  })

  it('goes on from a summary the model writes, following it as it streams', async () => {
    const { id, user, notice } = await overflowed()
    await user.click(within(notice).getByRole('button', { name: 'New chat from a summary' }))
    await screen.findByRole('heading', { name: 'Continued: Tides' })
    await screen.findByTestId('streaming-message')
    const stream = await waitForStream((s) => s.kind === 'attach' && s.conversationId !== id)
    act(() => reply.chunk(stream, 'Summary: tides and the moon.'))
    await waitFor(() => expect(screen.getByTestId('streaming-message')).toHaveTextContent('Summary: tides and the moon.'))
  })

  it('brings the question that did not fit along once, and follows its answer after the summary', async () => {
    const { id, user, notice } = await overflowed()
    await user.click(within(notice).getByRole('button', { name: 'New chat from a summary' }))
    await screen.findByRole('heading', { name: 'Continued: Tides' })
    const summary = await waitForStream((s) => s.kind === 'attach' && s.conversationId !== id)
    const continued = summary.conversationId
    act(() => reply.start(summary))
    act(() => reply.chunk(summary, 'Summary: tides and the moon.'))
    act(() => {
      reply.finish(summary)
      // As the backend does once the summary is written: the question, asked again, and its reply.
      const question = { id: 'm-carried', parent_id: backend.active[continued], role: 'user', content: 'And the sun?' }
      backend.messages[continued].push(question)
      backend.active[continued] = question.id
      backend.generating.add(continued)
      backend.streams.push({ kind: 'carried', conversationId: continued, questionId: question.id, sent: '' })
    })
    const answer = await waitForStream((s) => s.kind === 'attach' && s.conversationId === continued && s !== summary)
    act(() => reply.start(answer))
    act(() => reply.chunk(answer, 'The sun pulls too.'))
    await waitFor(() => expect(screen.getByTestId('streaming-message')).toHaveTextContent('The sun pulls too.'))
    expect(inMessages().getAllByText('And the sun?')).toHaveLength(1)
    act(() => reply.finish(answer))
    await waitFor(() => expect(screen.queryByTestId('streaming-message')).toBeNull())
    await inMessages().findByText('The sun pulls too.')
    expect(inMessages().getAllByText('And the sun?')).toHaveLength(1)
    expect(inMessages().getByText('Summary: tides and the moon.')).toBeInTheDocument()
  })

  it('or leaves out older messages and writes the reply again', async () => {
    const { id, user, notice } = await overflowed()
    await user.click(within(notice).getByRole('button', { name: 'Leave out older messages and retry' }))
    await waitFor(() => expect(backend.streams.at(-1).kind).toBe('regenerate'))
    expect(backend.conversations.find((c) => c.id === id).context_overflow).toBe('truncate_middle')
  })
})
