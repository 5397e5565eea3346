import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { addConversation, backend } from '../../test/backend'
import { renderApp } from '../../test/render'
import { EXCHANGE, conversationList, openWith } from '../../test/fixtures'

describe('conversations in the sidebar', () => {
  it('renames inline: double-click or F2 or the menu; Enter saves, Escape cancels', async () => {
    const id = addConversation({ title: 'Old name' })
    const { user } = renderApp()
    await user.dblClick(await conversationList().findByText('Old name'))
    const input = screen.getByRole('textbox', { name: 'Conversation title' })
    await user.clear(input)
    await user.type(input, 'New name{Enter}')
    expect(await conversationList().findByText('New name')).toBeInTheDocument()
    expect(backend.conversations.find((c) => c.id === id).title).toBe('New name')

    conversationList().getByTitle('New name').focus()
    await user.keyboard('{F2}')
    await user.type(screen.getByRole('textbox', { name: 'Conversation title' }), ' changed{Escape}')
    expect(conversationList().getByText('New name')).toBeInTheDocument()
    expect(backend.conversations.find((c) => c.id === id).title).toBe('New name')

    await user.click(screen.getByRole('button', { name: 'More actions for New name' }))
    await user.click(screen.getByRole('menuitem', { name: 'Rename' }))
    expect(screen.getByRole('textbox', { name: 'Conversation title' })).toHaveValue('New name')
  })

  it('searches titles at once, then every match with a snippet, and opens at the matching message', async () => {
    addConversation({ title: 'Lisbon trip' })
    const cooking = addConversation({
      title: 'Cooking',
      messages: [
        { id: 'm1', role: 'user', content: 'Where do I buy pastéis de nata?' },
        { id: 'm2', role: 'assistant', content: 'In Belém.' },
      ],
    })
    const { user } = renderApp()
    await conversationList().findByText('Cooking')
    const search = screen.getByRole('searchbox', { name: 'Search conversations' })
    const results = () => within(screen.getByRole('list', { name: 'Search results' }))
    await user.type(search, 'lisbon')
    expect(results().getByRole('button', { name: 'Lisbon trip' })).toBeInTheDocument()
    expect(results().queryByRole('button', { name: /Cooking/ })).toBeNull()
    expect(results().getByText('Lisbon').tagName).toBe('MARK')
    await user.clear(search)
    await user.type(search, 'nata')
    const found = await results().findByRole('button', { name: /Cooking/ })
    expect(within(found).getByTestId('search-snippet')).toHaveTextContent('Where do I buy pastéis de nata?')
    expect(results().queryByRole('button', { name: 'Lisbon trip' })).toBeNull()
    await user.click(found)
    await waitFor(() => expect(window.location.hash).toBe(`#/c/${cooking}/m/m1`))
    const bubble = await screen.findByText('Where do I buy pastéis de nata?')
    await waitFor(() => expect(bubble.closest('[data-role]')).toHaveAttribute('data-highlighted', 'true'))
    await user.clear(search)
    await user.type(search, 'zzz')
    expect(await screen.findByText('No conversation matches your search')).toBeInTheDocument()
  })

  it('a branch’s title shows its "Branch:" prefix whole, the rest shortened after it, in the list and in search', async () => {
    const { user } = await openWith(EXCHANGE) // "Maths"
    const [, replyActions] = screen.getAllByRole('button', { name: 'More actions' })
    await user.click(replyActions)
    await user.click(screen.getByRole('menuitem', { name: 'Branch into a new conversation' }))
    await waitFor(() => expect(backend.conversations).toHaveLength(2))
    expect(backend.conversations[0].title).toBe('Branch: Maths') // as the backend names it

    const row = await conversationList().findByTitle('Branch: Maths')
    const expectPrefixWhole = (element) => {
      const prefix = within(element).getByText('Branch:')
      expect(prefix).toHaveClass('shrink-0')
      expect(prefix).not.toHaveClass('truncate')
      expect(within(element).getByText('Maths').closest('.truncate')).not.toBeNull() // it, or what marks it
    }
    expectPrefixWhole(row)

    await user.type(screen.getByRole('searchbox', { name: 'Search conversations' }), 'maths')
    const results = within(screen.getByRole('list', { name: 'Search results' }))
    expectPrefixWhole(await results.findByTitle('Branch: Maths'))
  })

  it('groups conversations by date', async () => {
    addConversation({ title: 'Ancient' })
    backend.conversations[0].created_at = '2020-01-01T10:00:00Z'
    addConversation({ title: 'Fresh' })
    renderApp()
    expect(await screen.findByRole('region', { name: 'Today' })).toHaveTextContent('Fresh')
    expect(screen.getByRole('region', { name: 'Older' })).toHaveTextContent('Ancient')
  })
})
