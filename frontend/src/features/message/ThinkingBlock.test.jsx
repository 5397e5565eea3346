import { act, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { addConversation, reply, waitForStream } from '../../test/backend'
import { renderApp } from '../../test/render'
import { textbox, EXCHANGE, openWith } from '../../test/fixtures'

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
