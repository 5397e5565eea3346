import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { activePath, addConversation, backend, reply, waitForStream } from '../../test/backend'
import { conversationList, inMessages, textbox } from '../../test/fixtures'
import { renderApp } from '../../test/render'

const FAILED_AT = '2026-03-02T14:02:00Z'
const UNREACHABLE = 'Cannot reach LM Studio at http://localhost:1234/v1.'

/** A conversation whose one question's reply failed before its first word, as the backend keeps it. */
function failedEarlier() {
  return addConversation({
    title: 'Unanswered',
    messages: [{ role: 'user', content: 'Are you there?', reply_error: { error: UNREACHABLE, code: 'lm_studio_unreachable', at: FAILED_AT } }],
  })
}

const failure = () => within(screen.getByTestId('message-list')).getByRole('alert')

describe('a reply that failed before its first word', () => {
  it('is shown under its question, with when it happened and Retry, when the conversation is opened again', async () => {
    const id = failedEarlier()
    addConversation({ title: 'Elsewhere', messages: [{ role: 'user', content: 'Hello' }] })
    const { user } = renderApp({ conversationId: id })
    await inMessages().findByText('Are you there?')
    expect(failure()).toHaveTextContent(UNREACHABLE)
    // An old failure reads as old: the time it happened is part of it.
    expect(failure().querySelector('time')).toHaveAttribute('datetime', FAILED_AT)
    expect(within(failure()).getByRole('button', { name: 'Retry' })).toBeEnabled()

    await user.click(await conversationList().findByText('Elsewhere'))
    await inMessages().findByText('Hello')
    expect(within(screen.getByTestId('message-list')).queryByRole('alert')).toBeNull()
    await user.click(conversationList().getByText('Unanswered'))
    await inMessages().findByText('Are you there?')
    expect(failure()).toHaveTextContent(UNREACHABLE)
    expect(window.location.hash).toBe(`#/c/${id}`)
  })

  it('Retry writes a reply under the same question, which is never sent again', async () => {
    const id = failedEarlier()
    const [question] = activePath(id)
    const { user } = renderApp({ conversationId: id })
    await inMessages().findByText('Are you there?')
    await user.click(within(failure()).getByRole('button', { name: 'Retry' }))
    const stream = await waitForStream()
    expect(stream.kind).toBe('regenerate')
    expect(backend.requests).toContain(`POST /api/conversations/${id}/messages/${question.id}/regenerate`)
    expect(backend.requests).not.toContain('POST /api/chat/stream')
    expect(within(screen.getByTestId('message-list')).queryByRole('alert')).toBeNull()
    act(() => reply.start(stream))
    act(() => reply.chunk(stream, 'Yes, here.'))
    act(() => reply.finish(stream))
    await inMessages().findByText('Yes, here.')
    await waitFor(() => expect(backend.requests.filter((r) => r === `GET /api/conversations/${id}/messages`)).toHaveLength(2))
    expect(inMessages().getAllByText('Are you there?')).toHaveLength(1)
    expect(within(screen.getByTestId('message-list')).queryByRole('alert')).toBeNull()
    expect(activePath(id).map((m) => m.content)).toEqual(['Are you there?', 'Yes, here.'])
  })

  it('as it happens, is shown under the question it failed to answer, once', async () => {
    const id = addConversation({ title: 'Live' })
    const { user } = renderApp({ conversationId: id })
    await screen.findByText('No messages yet')
    await user.type(textbox(), 'Still there?{Enter}')
    const stream = await waitForStream()
    act(() => reply.fail(stream))
    await waitFor(() => expect(failure()).toHaveTextContent(/Cannot reach LM Studio/))
    await waitFor(() => expect(activePath(id)[0].reply_error).toBeTruthy())
    await waitFor(() => expect(failure().querySelector('time')).toHaveAttribute('datetime', activePath(id)[0].reply_error.at))
    expect(screen.getAllByRole('button', { name: 'Retry' })).toHaveLength(1)
    // The failure belongs to the question: it is the element right after it.
    const question = inMessages().getByText('Still there?').closest('[data-message-id], .group')
    expect(question.nextElementSibling).toBe(failure())
  })

  it('that failed because the model cannot see offers to switch to one that can, also after a reload', async () => {
    const sentence = 'text-model cannot see images. seeing-model can, and it is loaded: choose it for this conversation and send again.'
    const id = addConversation({
      title: 'A picture',
      model: 'text-model',
      messages: [
        { role: 'user', content: 'What is this?', reply_error: { error: sentence, code: 'model_cannot_see', at: FAILED_AT, vision_model: 'seeing-model' } },
      ],
    })
    const { user } = renderApp({ conversationId: id })
    await inMessages().findByText('What is this?')
    await user.click(within(failure()).getByRole('button', { name: 'Switch to seeing-model and retry' }))
    const stream = await waitForStream((s) => s.kind === 'regenerate')
    expect(backend.conversations.find((c) => c.id === id).model).toBe('seeing-model')
    act(() => reply.start(stream, 'seeing-model'))
    act(() => reply.chunk(stream, 'A cat.'))
    act(() => reply.finish(stream))
    await inMessages().findByText('A cat.')
    expect(inMessages().getAllByText('What is this?')).toHaveLength(1)
  })
})
