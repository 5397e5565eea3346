import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { backend, reply, waitForStream } from '../../test/backend'
import { inMessages, textbox, EXCHANGE, openWith } from '../../test/fixtures'

describe('message actions', () => {
  it('copies a message', async () => {
    const { user } = await openWith(EXCHANGE) // its user-event session provides the clipboard
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue()
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
