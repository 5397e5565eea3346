// Attaching files in the page: chips by the paperclip, paste and drop; limits said at once;
// what is sent; the warning for a model that cannot see.
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { activePath, backend, waitForStream } from '../../test/backend'
import { renderApp } from '../../test/render'
import { textbox, chips, png, text, sentBody, openEmpty } from '../../test/fixtures'

describe('attaching files', () => {
  it('uploads each chosen file at once and sends them with the message', async () => {
    const { id, user } = await openEmpty()
    await user.upload(screen.getByTestId('file-input'), [png(), text()])
    await waitFor(() => expect(chips().map((chip) => chip.dataset.status)).toEqual(['ready', 'ready']))
    expect(chips()[1]).toHaveTextContent('notes.txt')
    await user.type(textbox(), 'Look at these{Enter}')
    await waitForStream()
    expect(sentBody().attachments).toEqual(Object.keys(backend.attachments))
    await waitFor(() => expect(chips()).toHaveLength(0))
    // (jsdom's FormData reaches the test backend without file names: it stores them as "blob")
    const [image, document] = Object.values(backend.attachments)
    const question = within(screen.getByTestId('message-list')).getByTestId('message-attachments')
    expect(within(question).getByRole('button', { name: `View ${image.name}` })).toBeInTheDocument()
    expect(within(question).getByRole('link', { name: new RegExp(document.name) })).toHaveAttribute('download', document.name)
    expect(activePath(id)[0].attachments).toHaveLength(2)
  })

  it('takes a pasted image, and a picture needs no words', async () => {
    await openEmpty()
    fireEvent.paste(textbox(), { clipboardData: { files: [png('pasted.png')] } })
    await waitFor(() => expect(chips()[0]).toHaveAttribute('data-status', 'ready'))
    expect(screen.getByRole('button', { name: 'Send message' })).toBeEnabled()
    fireEvent.keyDown(textbox(), { key: 'Enter' })
    await waitForStream()
    expect(sentBody()).toMatchObject({ message: '', attachments: [Object.keys(backend.attachments)[0]] })
  })

  it('takes files dropped anywhere on the conversation', async () => {
    await openEmpty()
    const main = screen.getByRole('main')
    const dataTransfer = { types: ['Files'], files: [text('dropped.md', '# Hi')] }
    fireEvent.dragOver(main, { dataTransfer })
    expect(screen.getByTestId('drop-zone')).toBeInTheDocument()
    fireEvent.drop(main, { dataTransfer })
    expect(screen.queryByTestId('drop-zone')).toBeNull()
    await waitFor(() => expect(chips()[0]).toHaveTextContent('dropped.md'))
  })

  it('says at once which file is over the limit, and removes a chip on request', async () => {
    backend.health = { ...backend.health }
    const { user } = await openEmpty()
    await waitFor(() => expect(backend.requests).toContain('GET /api/health'))
    const big = new File(['x'], 'huge.bin')
    Object.defineProperty(big, 'size', { value: 25 * 1024 * 1024 })
    await user.upload(screen.getByTestId('file-input'), big)
    expect(chips()[0]).toHaveAttribute('data-status', 'failed')
    expect(chips()[0]).toHaveTextContent('huge.bin is larger than the upload limit of 20 MB (it has 25 MB).')
    expect(backend.requests).not.toContain('POST /api/attachments')
    await user.type(textbox(), 'Hi{Enter}')
    expect(screen.getByRole('alert')).toHaveTextContent('Remove the files that could not be attached')
    await user.click(screen.getByRole('button', { name: 'Remove huge.bin' }))
    expect(chips()).toHaveLength(0)
  })

  it('shows why the backend refused a file, with its name', async () => {
    backend.refuseUpload = { status: 415, detail: 'logo.svg is an SVG image, which can carry scripts.' }
    const { user } = await openEmpty()
    await user.upload(screen.getByTestId('file-input'), new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' }))
    await waitFor(() => expect(chips()[0]).toHaveTextContent('logo.svg is an SVG image, which can carry scripts.'))
  })

  it('keeps uploaded files with the draft across a reload', async () => {
    const { id, user, unmount } = await openEmpty()
    await user.upload(screen.getByTestId('file-input'), text())
    await waitFor(() => expect(chips()[0]).toHaveAttribute('data-status', 'ready'))
    unmount()
    renderApp({ conversationId: id })
    const [stored] = Object.values(backend.attachments)
    await waitFor(() => expect(chips()[0]).toHaveTextContent(stored.name))
    expect(chips()[0]).toHaveAttribute('data-status', 'ready')
  })

  it('warns before sending an image to a model the catalog says cannot see', async () => {
    backend.health.models = ['text-model']
    backend.catalog = [{ id: 'text-model', type: 'llm', state: 'loaded', vision: false, context_length: 8192 }]
    const { user } = await openEmpty()
    await user.upload(screen.getByTestId('file-input'), png())
    await waitFor(() => expect(chips()[0]).toHaveAttribute('data-status', 'ready'))
    const warning = await screen.findByRole('alert')
    expect(warning).toHaveTextContent('text-model cannot see images')
    expect(screen.getByRole('button', { name: 'Send message' })).toBeDisabled()
    await user.click(within(warning).getByRole('button', { name: 'Send them anyway' }))
    await user.type(textbox(), 'What is it?{Enter}')
    await waitForStream()
  })

  it('offers the loaded model that can see, in one click', async () => {
    backend.health.models = ['text-model', 'seeing-model']
    backend.catalog = [
      { id: 'text-model', type: 'llm', state: 'loaded', vision: false, context_length: 8192 },
      { id: 'seeing-model', type: 'vlm', state: 'loaded', vision: true, context_length: 8192 },
    ]
    const { id, user } = await openEmpty()
    backend.conversations.find((c) => c.id === id).model = 'text-model'
    await user.upload(screen.getByTestId('file-input'), png())
    await waitFor(() => expect(chips()[0]).toHaveAttribute('data-status', 'ready'))
    const warning = await screen.findByRole('alert')
    await user.click(within(warning).getByRole('button', { name: 'Use seeing-model' }))
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull())
    expect(backend.requests).toContain(`PATCH /api/conversations/${id}`)
    expect(screen.getByRole('combobox', { name: 'Model' })).toHaveValue('seeing-model')
    await user.type(textbox(), 'What is it?{Enter}')
    await waitForStream()
  })
})
