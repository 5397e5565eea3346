import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { renderApp } from '../../test/render'
import { XhrStandIn } from './xhrStandIn'

const sidebar = () => screen.findByRole('complementary', { name: 'Conversations' })
const dropOn = (element, ...files) => {
  const dataTransfer = { types: ['Files'], files }
  fireEvent.dragOver(element, { dataTransfer })
  fireEvent.drop(element, { dataTransfer })
}

describe('History menu', () => {
  beforeEach(() => vi.stubGlobal('XMLHttpRequest', XhrStandIn))
  afterEach(() => {
    vi.unstubAllGlobals()
    XhrStandIn.reset()
    delete window.matchMedia
  })

  it('offers Import conversations… and Export everything, a download of the whole history', async () => {
    const { user } = renderApp()
    const history = await screen.findByRole('button', { name: 'History' })
    expect(history).toHaveAttribute('aria-expanded', 'false')
    await user.click(history)
    expect(history).toHaveAttribute('aria-expanded', 'true')
    const importItem = screen.getByRole('button', { name: 'Import conversations…' })
    await waitFor(() => expect(importItem).toHaveFocus())
    const exportLink = screen.getByRole('link', { name: 'Export everything' })
    expect(exportLink).toHaveAttribute('href', 'http://localhost:8000/api/export?format=zip')
    expect(exportLink).toHaveAttribute('download')
  })

  it('moves between its items with the arrow keys, and Escape closes it back to its button', async () => {
    const { user } = renderApp()
    const history = await screen.findByRole('button', { name: 'History' })
    history.focus()
    await user.keyboard('{Enter}')
    await waitFor(() => expect(screen.getByRole('button', { name: 'Import conversations…' })).toHaveFocus())
    await user.keyboard('{ArrowDown}')
    expect(screen.getByRole('link', { name: 'Export everything' })).toHaveFocus()
    await user.keyboard('{ArrowDown}')
    expect(screen.getByRole('button', { name: 'Import conversations…' })).toHaveFocus()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('link', { name: 'Export everything' })).not.toBeInTheDocument()
    expect(history).toHaveFocus()
  })

  it('is an icon named History when the sidebar is collapsed', async () => {
    const { user } = renderApp()
    await user.click(await screen.findByRole('button', { name: 'Collapse sidebar' }))
    const history = screen.getByRole('button', { name: 'History' })
    expect(history).not.toHaveTextContent('History')
    await user.click(history)
    expect(screen.getByRole('link', { name: 'Export everything' })).toBeInTheDocument()
  })

  it('on a phone, closes the sidebar over the page as the import dialog opens', async () => {
    window.matchMedia = (query) => ({ matches: false, media: query, addEventListener() {}, removeEventListener() {} })
    const { user } = renderApp()
    await user.click(await screen.findByRole('button', { name: 'Open conversations' }))
    const aside = await screen.findByRole('dialog', { name: 'Conversations' }) // a panel over the page
    expect(aside).toHaveAttribute('data-open', 'true')
    await user.click(within(aside).getByRole('button', { name: 'History' }))
    await user.click(within(aside).getByRole('button', { name: 'Import conversations…' }))
    expect(aside).toHaveAttribute('data-open', 'false')
    const shown = screen.getByRole('dialog', { name: 'Import conversations' })
    expect(aside).not.toContainElement(shown) // over the whole page, not inside the sliding panel
    expect(within(shown).getByRole('button', { name: 'Choose a file…' })).toBeInTheDocument()
  })

  it('imports an export dropped on the sidebar', async () => {
    renderApp()
    const aside = await sidebar()
    fireEvent.dragOver(aside, { dataTransfer: { types: ['Files'], files: [] } })
    expect(screen.getByTestId('import-drop-hint')).toHaveTextContent('Drop an export (.json or .zip) to import its conversations')
    dropOn(aside, new File(['PK'], 'chatgpt-export.zip', { type: 'application/zip' }))
    expect(screen.queryByTestId('import-drop-hint')).not.toBeInTheDocument()
    const shown = screen.getByRole('dialog', { name: 'Import conversations' })
    expect(within(shown).getByRole('progressbar', { name: 'Uploading chatgpt-export.zip…' })).toBeInTheDocument()
    expect(XhrStandIn.last.body.get('file').name).toBe('chatgpt-export.zip')
  })

  it('imports an export dropped on the open import dialog', async () => {
    const { user } = renderApp()
    await user.click(await screen.findByRole('button', { name: 'History' }))
    await user.click(screen.getByRole('button', { name: 'Import conversations…' }))
    const shown = screen.getByRole('dialog', { name: 'Import conversations' })
    const area = within(shown).getByText(/or drop it here/)
    fireEvent.dragOver(area, { dataTransfer: { types: ['Files'], files: [] } })
    expect(area.parentElement).toHaveClass('border-primary') // the drop area lights up
    expect(screen.queryByTestId('import-drop-hint')).not.toBeInTheDocument()
    dropOn(area, new File(['[]'], 'open-webui-export.json', { type: 'application/json' }))
    expect(within(shown).getByRole('progressbar', { name: 'Uploading open-webui-export.json…' })).toBeInTheDocument()
  })

  it('says what to do with a dropped file that is not an export, and sends nothing', async () => {
    renderApp()
    dropOn(await sidebar(), new File(['x'], 'holiday.png', { type: 'image/png' }))
    expect(within(screen.getByRole('dialog', { name: 'Import conversations' })).getByRole('alert')).toHaveTextContent(
      'holiday.png is not an export: choose a .json or .zip file. To attach a file to a message, drop it on the conversation.',
    )
    expect(XhrStandIn.requests).toHaveLength(0)
  })

  it('leaves files dropped on the conversation to the message box', async () => {
    renderApp()
    await sidebar()
    dropOn(screen.getByRole('main'), new File(['# Notes'], 'notes.json', { type: 'application/json' }))
    expect(screen.queryByRole('dialog', { name: 'Import conversations' })).not.toBeInTheDocument()
    expect(XhrStandIn.requests).toHaveLength(0)
  })
})
