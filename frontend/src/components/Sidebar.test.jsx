import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { addConversation, backend } from '../test/backend'
import { renderApp } from '../test/render'

const list = () => within(screen.getByRole('navigation', { name: 'Conversation list' }))

describe('Sidebar', () => {
  it('lists conversations with titles and message counts, the open one highlighted', async () => {
    addConversation({ title: 'Older', messages: [{ role: 'user', content: 'a' }] })
    const open = addConversation({
      title: 'Newer',
      messages: [
        { role: 'user', content: 'b' },
        { role: 'assistant', content: 'c' },
      ],
    })
    renderApp({ conversationId: open })
    const sidebar = await screen.findByRole('complementary', { name: 'Conversations' })
    expect(within(sidebar).getByRole('heading', { name: 'Chat AI' })).toHaveClass('bg-gradient-to-r', 'bg-clip-text')
    const newer = await list().findByRole('button', { name: /Newer\s*2 messages/ })
    const older = list().getByRole('button', { name: /Older\s*1 message/ })
    await waitFor(() => expect(newer).toHaveAttribute('aria-current', 'page'))
    expect(newer).toHaveClass('bg-dark-lighter')
    expect(older).not.toHaveAttribute('aria-current')
  })

  it('New Chat opens the start page with the box focused; nothing is created until a message is sent', async () => {
    const id = addConversation({ title: 'Earlier', messages: [{ role: 'user', content: 'hi' }] })
    const { user } = renderApp({ conversationId: id })
    await screen.findByText('hi')
    await user.click(screen.getByRole('button', { name: 'New Chat', exact: true }))
    expect(await screen.findByRole('heading', { name: 'Welcome to Chat AI' })).toBeInTheDocument()
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Message' })).toHaveFocus())
    expect(window.location.hash).toBe('#/')
    expect(backend.conversations).toHaveLength(1)
  })

  it('New Chat on a conversation with no messages stays on it instead of piling up another', async () => {
    const id = addConversation({ title: 'Still empty' })
    const { user } = renderApp({ conversationId: id })
    await screen.findByText('No messages yet')
    await user.click(screen.getByRole('button', { name: 'New Chat', exact: true }))
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Message' })).toHaveFocus())
    expect(window.location.hash).toBe(`#/c/${id}`)
    expect(backend.conversations).toHaveLength(1)
  })

  it('each row is one Tab stop; its menu button shows on hover and on touch screens', async () => {
    addConversation({ title: 'Keep' })
    addConversation({ title: 'Remove me' })
    const { user } = renderApp()
    const row = await list().findByTitle('Remove me')
    const menu = screen.getByRole('button', { name: 'More actions for Remove me' })
    expect(menu).toHaveAttribute('tabindex', '-1')
    expect(menu.parentElement.parentElement).toHaveClass('opacity-0', 'group-hover:opacity-100', '[@media(hover:none)]:opacity-100')
    row.focus()
    await user.tab()
    expect(list().getByTitle('Keep')).toHaveFocus() // the next row, not this row's buttons
    await user.tab({ shift: true })
    expect(row).toHaveFocus()
    await user.keyboard('{Delete}')
    await waitFor(() => expect(list().queryByTitle('Remove me')).toBeNull())
    expect(screen.getByRole('status')).toHaveTextContent('Deleted “Remove me”.')
    expect(list().getByTitle('Keep')).toBeInTheDocument()
  })

  it('Undo of deleting the open conversation opens it again, view and URL', async () => {
    addConversation({ title: 'Other' })
    const id = addConversation({ title: 'Keep me', messages: [{ role: 'user', content: 'Still here?' }] })
    const { user } = renderApp({ conversationId: id })
    await screen.findByText('Still here?')
    list().getByTitle('Keep me').focus()
    await user.keyboard('{Delete}')
    expect(await screen.findByRole('heading', { name: 'Welcome to Chat AI' })).toBeInTheDocument()
    expect(window.location.hash).not.toContain(id)
    await user.click(screen.getByRole('button', { name: 'Undo' }))
    expect(await screen.findByText('Still here?')).toBeInTheDocument()
    expect(window.location.hash).toBe(`#/c/${id}`)
    expect(list().getByTitle('Keep me')).toHaveAttribute('aria-current', 'page')
    expect(backend.requests).not.toContain(`DELETE /api/conversations/${id}`)
  })

  it('collapses to a narrow bar that still has usable icons', async () => {
    const id = addConversation({ title: 'Trip plans', messages: [{ role: 'user', content: 'Where to?' }] })
    addConversation({ title: 'Recipes' })
    const { user } = renderApp()
    const sidebar = await screen.findByRole('complementary', { name: 'Conversations' })
    expect(sidebar).toHaveClass('w-80')
    expect(sidebar).not.toHaveClass('md:w-16')
    await user.click(screen.getByRole('button', { name: 'Collapse sidebar' }))
    expect(sidebar).toHaveClass('md:w-16')
    expect(within(sidebar).queryByRole('heading', { name: 'Chat AI' })).toBeNull()
    expect(screen.queryByText('New Chat')).toBeNull()
    expect(screen.getByRole('button', { name: 'New Chat', exact: true })).toBeInTheDocument()
    await user.click(list().getByRole('button', { name: 'Trip plans' }))
    expect(await screen.findByText('Where to?')).toBeInTheDocument()
    expect(window.location.hash).toBe(`#/c/${id}`)
    await user.click(screen.getByRole('button', { name: 'Expand sidebar' }))
    expect(sidebar).not.toHaveClass('md:w-16')
  })

  it('collapsed, conversations whose titles begin alike show different initials', async () => {
    for (const title of ['Chat about cats', 'Chat about code', 'Chat about cars', 'Chapter 2']) addConversation({ title })
    const { user } = renderApp()
    await user.click(await screen.findByRole('button', { name: 'Collapse sidebar' }))
    const badge = (title) => list().getByRole('button', { name: title }).querySelector('[aria-hidden="true"]').textContent
    const shown = ['Chat about cats', 'Chat about code', 'Chat about cars', 'Chapter 2'].map(badge)
    expect(new Set(shown).size).toBe(4)
    expect(badge('Chapter 2')).toBe('C2')
  })

  it('stays collapsed, or expanded, after a reload on a wide screen', async () => {
    addConversation({ title: 'Trip plans' })
    const first = renderApp()
    await first.user.click(await screen.findByRole('button', { name: 'Collapse sidebar' }))
    first.unmount()

    const second = renderApp() // the page loaded again
    const sidebar = await screen.findByRole('complementary', { name: 'Conversations' })
    expect(sidebar).toHaveClass('md:w-16')
    expect(screen.getByRole('button', { name: 'Expand sidebar' })).toBeInTheDocument()
    await second.user.click(screen.getByRole('button', { name: 'Expand sidebar' }))
    second.unmount()

    renderApp()
    expect(await screen.findByRole('button', { name: 'Collapse sidebar' })).toBeInTheDocument()
    expect(screen.getByRole('complementary', { name: 'Conversations' })).not.toHaveClass('md:w-16')
  })

  it('lists a page at a time and brings the next one when asked', async () => {
    for (let index = 1; index <= 55; index += 1) addConversation({ title: `Chat ${index}` })
    const { user } = renderApp()
    await list().findByTitle('Chat 55')
    expect(list().queryByTitle('Chat 5')).toBeNull() // the 51st newest
    expect(list().getAllByTitle(/^Chat \d+$/)).toHaveLength(50)
    await user.click(screen.getByRole('button', { name: 'Show more conversations' }))
    expect(await list().findByTitle('Chat 1')).toBeInTheDocument()
    expect(list().getAllByTitle(/^Chat \d+$/)).toHaveLength(55)
    expect(screen.queryByRole('button', { name: 'Show more conversations' })).toBeNull()
  })
})
