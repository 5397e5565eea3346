import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { addConversation, backend } from '../../test/backend'
import { addFolder } from '../../test/backendFolders'
import { conversationList } from '../../test/fixtures'
import { renderApp } from '../../test/render'

const stored = (id) => backend.conversations.find((c) => c.id === id)
const section = (name) => within(screen.getByRole('region', { name }))
const openMenu = async (user, title) => user.click(await screen.findByRole('button', { name: `More actions for ${title}` }))

describe('folders and pins in the sidebar', () => {
  it('pins a conversation from its menu: it shows under Pinned, and Unpin puts it back by date', async () => {
    addConversation({ title: 'Recipes' })
    const id = addConversation({ title: 'Taxes' })
    const { user } = renderApp()
    await conversationList().findByText('Recipes')
    await openMenu(user, 'Recipes')
    await user.click(screen.getByRole('menuitem', { name: 'Pin' }))
    expect(await section('Pinned').findByText('Recipes')).toBeInTheDocument()
    expect(section('Today').queryByText('Recipes')).not.toBeInTheDocument()
    expect(stored(id).pinned).toBeUndefined() // only Recipes was pinned
    await openMenu(user, 'Recipes')
    await user.click(screen.getByRole('menuitem', { name: 'Unpin' }))
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Pinned' })).not.toBeInTheDocument())
    expect(section('Today').getByText('Recipes')).toBeInTheDocument()
  })

  it('moves a conversation into a new folder with Move to…, and the folder opens on it', async () => {
    const id = addConversation({ title: 'Trip to Lisbon' })
    addFolder('Work')
    const { user } = renderApp()
    await openMenu(user, 'Trip to Lisbon')
    await user.click(screen.getByRole('menuitem', { name: 'Move to…' }))
    const dialog = within(screen.getByRole('dialog', { name: 'Move “Trip to Lisbon” to…' }))
    expect(dialog.getByRole('radio', { name: 'No folder' })).toBeChecked()
    expect(dialog.getByRole('radio', { name: 'Work' })).toBeInTheDocument()
    await user.click(dialog.getByRole('radio', { name: 'New folder…' }))
    await user.type(dialog.getByRole('textbox', { name: "New folder's name" }), 'Travel')
    await user.click(dialog.getByRole('button', { name: 'Move' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    const travel = backend.folders.find((f) => f.name === 'Travel')
    expect(stored(id).folder_id).toBe(travel.id)
    const folder = section('Folder Travel')
    expect(folder.getByRole('button', { name: /^Travel/ })).toHaveAttribute('aria-expanded', 'true')
    expect(folder.getByText('Trip to Lisbon')).toBeInTheDocument()
    expect(screen.queryByRole('region', { name: 'Today' })).not.toBeInTheDocument()
  })

  it('says when a folder name is taken, in the dialog', async () => {
    addConversation({ title: 'Notes' })
    addFolder('Work')
    const { user } = renderApp()
    await openMenu(user, 'Notes')
    await user.click(screen.getByRole('menuitem', { name: 'Move to…' }))
    const dialog = within(screen.getByRole('dialog'))
    await user.click(dialog.getByRole('radio', { name: 'New folder…' }))
    await user.type(dialog.getByRole('textbox', { name: "New folder's name" }), 'work')
    await user.click(dialog.getByRole('button', { name: 'Move' }))
    expect(await dialog.findByRole('alert')).toHaveTextContent("A folder named 'work' already exists")
  })

  it('folds a folder and remembers it; a conversation dropped on a folder moves into it', async () => {
    const id = addConversation({ title: 'Draft' })
    const folderId = addFolder('Writing')
    const { user, unmount } = renderApp()
    const header = await screen.findByRole('button', { name: /^Writing/ })
    expect(header).toHaveAttribute('aria-expanded', 'false')

    const row = conversationList().getByTitle('Draft').closest('li')
    const carried = new Map()
    const dataTransfer = {
      types: ['application/x-client-chat-conversation'],
      setData: (type, value) => carried.set(type, value),
      getData: (type) => carried.get(type) ?? '',
      set effectAllowed(_) {},
      set dropEffect(_) {},
    }
    fireEvent.dragStart(row, { dataTransfer })
    fireEvent.dragOver(header, { dataTransfer })
    fireEvent.drop(header, { dataTransfer })
    await waitFor(() => expect(stored(id).folder_id).toBe(folderId))

    await user.click(header)
    expect(await section('Folder Writing').findByText('Draft')).toBeInTheDocument()
    unmount()
    renderApp()
    expect(await screen.findByRole('button', { name: /^Writing/ })).toHaveAttribute('aria-expanded', 'true')
  })

  it('deletes a folder only after asking, and its conversations stay', async () => {
    const id = addConversation({ title: 'Invoice' })
    const folderId = addFolder('Bills')
    stored(id).folder_id = folderId
    const { user } = renderApp()
    await user.click(await screen.findByRole('button', { name: 'More actions for folder Bills' }))
    await user.click(screen.getByRole('menuitem', { name: 'Delete…' }))
    const question = within(screen.getByRole('alertdialog', { name: 'Delete the folder “Bills”?' }))
    expect(question.getByText(/Its conversation stays, outside any folder/)).toBeInTheDocument()
    await user.click(question.getByRole('button', { name: 'Cancel' }))
    expect(backend.folders).toHaveLength(1)

    await user.click(screen.getByRole('button', { name: 'More actions for folder Bills' }))
    await user.click(screen.getByRole('menuitem', { name: 'Delete…' }))
    await user.click(screen.getByRole('button', { name: 'Delete folder' }))
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Folder Bills' })).not.toBeInTheDocument())
    expect(backend.folders).toHaveLength(0)
    expect(stored(id).folder_id).toBeNull()
    expect(section('Today').getByText('Invoice')).toBeInTheDocument()
  })

  it('creates and renames a folder in place', async () => {
    const { user } = renderApp()
    await user.click(await screen.findByRole('button', { name: 'New folder' }))
    await user.type(screen.getByRole('textbox', { name: "New folder's name" }), 'Ideas{Enter}')
    expect(await screen.findByRole('region', { name: 'Folder Ideas' })).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'More actions for folder Ideas' }))
    await user.click(screen.getByRole('menuitem', { name: 'Rename' }))
    const name = screen.getByRole('textbox', { name: 'Folder name' })
    await user.clear(name)
    await user.type(name, 'Plans{Enter}')
    expect(await screen.findByRole('region', { name: 'Folder Plans' })).toBeInTheDocument()
    expect(backend.folders.map((f) => f.name)).toEqual(['Plans'])
  })
})
