import { act, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { addConversation, backend } from '../../test/backend'
import { renderApp } from '../../test/render'
import { XhrStandIn } from './xhrStandIn'

const exportFile = (name = 'conversations.json') => new File(['[]'], name, { type: 'application/json' })
const dialog = () => screen.getByRole('dialog', { name: 'Import conversations' })
const list = () => within(screen.getByRole('navigation', { name: 'Conversation list' }))
// The list's own loads (not one conversation's).
const listLoads = () => backend.requests.filter((request) => /^GET \/api\/conversations(\?|$)/.test(request)).length

async function openImport(user) {
  await user.click(await screen.findByRole('button', { name: 'History' }))
  await user.click(screen.getByRole('button', { name: 'Import conversations…' }))
  return dialog()
}

async function chooseFile(user, file = exportFile()) {
  const shown = await openImport(user)
  await user.upload(within(shown).getByTestId('import-file-input'), file)
  return XhrStandIn.last
}

// The backend storing what an import brought: the list reloads from it.
function imported(...titles) {
  return titles.map((title) => ({ id: addConversation({ title, messages: [{ role: 'user', content: `About ${title}` }] }), title, source: 'chatgpt' }))
}

describe('Import dialog', () => {
  beforeEach(() => vi.stubGlobal('XMLHttpRequest', XhrStandIn))
  afterEach(() => {
    vi.unstubAllGlobals()
    XhrStandIn.reset()
  })

  it('opens from the History menu, named, with the file chooser focused', async () => {
    const { user } = renderApp()
    const shown = await openImport(user)
    expect(shown).toHaveAttribute('aria-modal', 'true')
    const choose = within(shown).getByRole('button', { name: 'Choose a file…' })
    await waitFor(() => expect(choose).toHaveFocus())
    expect(within(shown).getByTestId('import-file-input')).toHaveAttribute('accept', '.json,.zip,application/json,application/zip')
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog', { name: 'Import conversations' })).not.toBeInTheDocument()
  })

  it('shows the upload’s progress, then reads the export with a bar that has no end', async () => {
    const { user } = renderApp()
    const xhr = await chooseFile(user)
    expect(xhr.body.get('file').name).toBe('conversations.json')
    const bar = within(dialog()).getByRole('progressbar', { name: 'Uploading conversations.json…' })
    expect(bar).toHaveAttribute('aria-valuenow', '0')
    act(() => xhr.progress(30, 120))
    expect(bar).toHaveAttribute('aria-valuenow', '25')
    expect(bar).toHaveAttribute('aria-valuetext', '25% (30 B of 120 B)')
    await waitFor(() => expect(within(dialog()).getByRole('button', { name: 'Cancel' })).toHaveFocus())
    act(() => xhr.uploaded())
    const reading = within(dialog()).getByRole('progressbar', { name: 'Reading the export…' })
    expect(reading).not.toHaveAttribute('aria-valuenow')
    expect(within(dialog()).queryByRole('button', { name: 'Cancel' })).not.toBeInTheDocument()
  })

  it('Cancel aborts the upload and offers the chooser again', async () => {
    const { user } = renderApp()
    const xhr = await chooseFile(user)
    act(() => xhr.progress(10, 100))
    await user.click(within(dialog()).getByRole('button', { name: 'Cancel' }))
    expect(xhr.aborted).toBe(true)
    expect(within(dialog()).queryByRole('progressbar')).not.toBeInTheDocument()
    expect(within(dialog()).getByText('The upload of conversations.json was cancelled: nothing was imported.')).toBeInTheDocument()
    await waitFor(() => expect(within(dialog()).getByRole('button', { name: 'Choose a file…' })).toHaveFocus())
  })

  it('Escape while uploading aborts it and closes the dialog', async () => {
    const { user } = renderApp()
    const xhr = await chooseFile(user)
    await user.keyboard('{Escape}')
    expect(xhr.aborted).toBe(true)
    expect(screen.queryByRole('dialog', { name: 'Import conversations' })).not.toBeInTheDocument()
  })

  it('sums up what came in, reloads the list, and opens the first imported conversation', async () => {
    const { user } = renderApp()
    const xhr = await chooseFile(user)
    const conversations = imported('Tides of the Thames', 'Bread at altitude')
    const before = listLoads()
    await act(async () => xhr.respond(200, { imported: 2, skipped: 1, conversations, warnings: ['One message had no text and was left out.'] }))
    const shown = dialog()
    expect(within(shown).getByText('Imported 2 conversations, 1 already here (skipped).')).toBeInTheDocument()
    expect(within(shown).getByText('From ChatGPT.')).toBeInTheDocument()
    expect(within(shown).getByRole('listitem')).toHaveTextContent('One message had no text and was left out.')
    expect(screen.getByText('Import finished. Imported 2 conversations, 1 already here (skipped).')).toHaveAttribute('aria-live', 'polite')
    expect(await list().findByRole('button', { name: /Tides of the Thames\s*1 message/ })).toBeInTheDocument()
    expect(listLoads()).toBe(before + 1)
    const open = within(shown).getByRole('button', { name: 'Open “Tides of the Thames”' })
    await waitFor(() => expect(open).toHaveFocus())
    await user.click(open)
    expect(screen.queryByRole('dialog', { name: 'Import conversations' })).not.toBeInTheDocument()
    expect(await screen.findByText('About Tides of the Thames')).toBeInTheDocument()
    expect(window.location.hash).toBe(`#/c/${conversations[0].id}`)
  })

  it('says when everything was here already, and does not reload the list for nothing', async () => {
    const { user } = renderApp()
    await screen.findByRole('navigation', { name: 'Conversation list' })
    const xhr = await chooseFile(user)
    const before = listLoads()
    await act(async () => xhr.respond(200, { imported: 0, skipped: 3, conversations: [], warnings: [] }))
    expect(within(dialog()).getByText('Imported 0 conversations, 3 already here (skipped).')).toBeInTheDocument()
    expect(listLoads()).toBe(before)
    await user.click(within(dialog()).getByRole('button', { name: 'Done' }))
    expect(screen.queryByRole('dialog', { name: 'Import conversations' })).not.toBeInTheDocument()
  })

  it('closed while the backend reads the file, opens again to say that it failed', async () => {
    const { user } = renderApp()
    const xhr = await chooseFile(user)
    act(() => xhr.uploaded())
    await user.click(within(dialog()).getByRole('button', { name: 'Close' }))
    expect(xhr.aborted).toBe(false) // the backend goes on reading it
    expect(screen.queryByRole('dialog', { name: 'Import conversations' })).not.toBeInTheDocument()
    await act(async () => xhr.respond(422, { detail: 'This zip holds a link; nothing was imported.' }))
    expect(within(dialog()).getByRole('alert')).toHaveTextContent('This zip holds a link; nothing was imported.')
  })

  it('folds many warnings under their count', async () => {
    const { user } = renderApp()
    const xhr = await chooseFile(user)
    const warnings = Array.from({ length: 5 }, (_, index) => `Warning number ${index + 1}.`)
    await act(async () => xhr.respond(200, { imported: 1, skipped: 0, conversations: imported('Folded'), warnings }))
    const folded = within(dialog()).getByText('5 warnings')
    expect(folded.closest('details')).not.toHaveAttribute('open')
    await user.click(folded)
    expect(folded.closest('details')).toHaveAttribute('open')
    expect(within(dialog()).getAllByRole('listitem')).toHaveLength(5)
  })

  it.each([
    [413, 'The file is larger than the import limit of 200 MB.'],
    [415, 'Choose a .json or .zip export file: this is neither.'],
    [422, 'This is not an export we can read. We read exports of ChatGPT, Open WebUI, LibreChat and Chat AI.'],
  ])('shows a %i as the backend’s sentence, with Try another file', async (status, detail) => {
    const { user } = renderApp()
    const xhr = await chooseFile(user, exportFile('export.zip'))
    await act(async () => xhr.respond(status, { detail }))
    expect(within(dialog()).getByRole('alert')).toHaveTextContent(detail)
    const again = within(dialog()).getByRole('button', { name: 'Try another file' })
    await waitFor(() => expect(again).toHaveFocus())
    await user.upload(within(dialog()).getByTestId('import-file-input'), exportFile('other.json'))
    expect(XhrStandIn.last.body.get('file').name).toBe('other.json')
    expect(within(dialog()).queryByRole('alert')).not.toBeInTheDocument()
  })

  it('Import another file after a summary goes back to the chooser', async () => {
    const { user } = renderApp()
    const xhr = await chooseFile(user)
    await act(async () => xhr.respond(200, { imported: 1, skipped: 0, conversations: imported('First'), warnings: [] }))
    await user.click(within(dialog()).getByRole('button', { name: 'Import another file' }))
    expect(within(dialog()).getByRole('button', { name: 'Choose a file…' })).toBeInTheDocument()
  })
})
