import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { addConversation, backend, reply, waitForStream } from '../../test/backend'
import { renderApp } from '../../test/render'
import { textbox } from '../../test/fixtures'

describe('keyboard shortcuts', () => {
  it('Ctrl+K focuses search, Ctrl+Shift+O starts a chat, ? lists the shortcuts', async () => {
    const { user } = renderApp()
    await screen.findByRole('heading', { name: 'Welcome to Chat AI' })
    await user.keyboard('{Control>}k{/Control}')
    await waitFor(() => expect(screen.getByRole('searchbox', { name: 'Search conversations' })).toHaveFocus())
    await user.keyboard('{Control>}{Shift>}o{/Shift}{/Control}')
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Message' })).toHaveFocus())
    expect(backend.conversations).toHaveLength(0) // the first message creates it
    await user.click(document.body)
    await user.keyboard('?')
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' })
    expect(dialog).toHaveTextContent('Stop the reply')
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('Escape stops a reply', async () => {
    const id = addConversation({ title: 'Stop me' })
    const { user } = renderApp({ conversationId: id })
    await screen.findByText('No messages yet')
    await user.type(textbox(), 'Go on and on{Enter}')
    const stream = await waitForStream()
    act(() => reply.chunk(stream, 'partial '))
    await waitFor(() => expect(screen.getByTestId('streaming-message')).toHaveTextContent('partial'))
    await user.keyboard('{Escape}') // the focus is still in the message box: type ahead
    await waitFor(() => expect(backend.requests).toContain(`POST /api/conversations/${id}/stop`))
    await waitFor(() => expect(screen.queryByTestId('streaming-message')).toBeNull())
  })

  it('? lists the conversation list’s keys too: F2 renames, Delete deletes, Shift+F10 opens its menu', async () => {
    const { user } = renderApp()
    await screen.findByRole('heading', { name: 'Welcome to Chat AI' })
    await user.click(document.body) // out of the message box, where ? is typed
    await user.keyboard('?')
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' })
    const keysFor = (action) =>
      within(within(dialog).getByText(action).closest('div'))
        .getAllByText((_, element) => element.tagName === 'KBD')
        .map((kbd) => kbd.textContent)
    expect(keysFor(/Rename the conversation/)).toEqual(['F2'])
    expect(keysFor(/Delete the conversation/)).toEqual(['Delete'])
    expect(keysFor(/More actions for the conversation/)).toEqual(['Shift', 'F10'])
  })
})
