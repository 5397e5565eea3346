import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { backend, reply, waitForStream } from '../../test/backend'
import { textbox, MEASURED, openTides } from '../../test/fixtures'

describe('a conversation that outgrew the context window', () => {
  const OVERFLOW = 'This conversation no longer fits the context window of qwen3-8b (4,096 tokens).'

  async function overflowed() {
    const view = await openTides(MEASURED)
    await view.user.type(textbox(), 'And the sun?{Enter}')
    const stream = await waitForStream()
    act(() => reply.fail(stream, OVERFLOW, 'context_overflow', { context_length: 4096, prompt_tokens: 4500 }))
    const notice = await screen.findByRole('alert')
    expect(notice).toHaveTextContent(OVERFLOW)
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

  it('or leaves out older messages and writes the reply again', async () => {
    const { id, user, notice } = await overflowed()
    await user.click(within(notice).getByRole('button', { name: 'Leave out older messages and retry' }))
    await waitFor(() => expect(backend.streams.at(-1).kind).toBe('regenerate'))
    expect(backend.conversations.find((c) => c.id === id).context_overflow).toBe('truncate_middle')
  })
})
