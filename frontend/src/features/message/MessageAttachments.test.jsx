import { act, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { addConversation, backend, reply, waitForStream } from '../../test/backend'
import { renderApp } from '../../test/render'
import { sentBody } from '../../test/fixtures'

describe('a sent message with files', () => {
  it('shows an image large when its thumbnail is clicked', async () => {
    const id = addConversation({ title: 'Seen' })
    backend.attachments['file-x'] = { id: 'file-x', name: 'beach.jpg', kind: 'image', media_type: 'image/jpeg', size: 2048, width: 8, height: 8 }
    backend.messages[id] = [{ id: 'q1', parent_id: null, role: 'user', content: 'Where?', attachments: [backend.attachments['file-x']] }]
    backend.active[id] = 'q1'
    const { user } = renderApp({ conversationId: id })
    await user.click(await screen.findByRole('button', { name: 'View beach.jpg' }))
    const viewer = screen.getByRole('dialog', { name: 'beach.jpg' })
    expect(within(viewer).getByRole('img', { name: 'beach.jpg' })).toHaveAttribute('src', 'http://localhost:8000/api/attachments/file-x')
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('keeps its files when the message is edited', async () => {
    const id = addConversation({ title: 'Edit' })
    backend.attachments['file-y'] = { id: 'file-y', name: 'a.txt', kind: 'document', media_type: 'text/plain', size: 3, chars: 3 }
    backend.messages[id] = [
      { id: 'q1', parent_id: null, role: 'user', content: 'Read', attachments: [backend.attachments['file-y']] },
      { id: 'a1', parent_id: 'q1', role: 'assistant', content: 'Done', status: 'complete' },
    ]
    backend.active[id] = 'a1'
    const { user } = renderApp({ conversationId: id })
    await user.click(await screen.findByRole('button', { name: 'Edit message' }))
    const editor = screen.getByRole('textbox', { name: 'Edit message' })
    await user.clear(editor)
    await user.type(editor, 'Read carefully')
    await user.click(screen.getByRole('button', { name: 'Save & send' }))
    const stream = await waitForStream()
    expect(sentBody()).toMatchObject({ message: 'Read carefully', attachments: ['file-y'] })
    act(() => reply.finish(stream))
  })
})
