import { screen, waitFor, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { addConversation, backend, server } from '../../test/backend'
import { chips, conversationList, text } from '../../test/fixtures'
import { renderApp } from '../../test/render'

const textbox = () => screen.getByRole('textbox', { name: 'Message' })

describe('the start page', () => {
  it('says which model "Default" is; a model picked there goes to the conversation the first message begins', async () => {
    backend.health.models = ['model-a', 'model-b']
    const { user } = renderApp()
    const picker = await screen.findByRole('combobox', { name: 'Model' })
    await waitFor(() => expect(within(picker).getByRole('option', { name: 'Default (model-a)' })).toBeInTheDocument())
    expect(screen.getByText('model-a', { selector: 'span' })).toBeInTheDocument() // the greeting names it too
    await user.selectOptions(picker, 'model-b')
    expect(backend.conversations).toHaveLength(0)
    await user.type(textbox(), 'Hi there{Enter}')
    await waitFor(() => expect(backend.streams).toHaveLength(1))
    const [conversation] = backend.conversations
    expect(conversation.model).toBe('model-b')
    // Set before the message went: its reply is written by the chosen model.
    const patched = backend.requests.indexOf(`PATCH /api/conversations/${conversation.id}`)
    expect(patched).toBeGreaterThan(-1)
    expect(patched).toBeLessThan(backend.requests.indexOf('POST /api/chat/stream'))
    expect(screen.getByRole('combobox', { name: 'Model' })).toHaveValue('model-b')
  })

  it('settings made on the start page belong to the conversation its first message begins', async () => {
    const { user } = renderApp()
    await user.click(await screen.findByRole('button', { name: 'Conversation settings' }))
    await user.type(screen.getByLabelText('System prompt'), 'Answer in French.') // kept as typed
    expect(await screen.findByText('Saved')).toBeInTheDocument()
    expect(backend.conversations).toHaveLength(0)
    await user.type(textbox(), 'Bonjour{Enter}')
    await waitFor(() => expect(backend.streams).toHaveLength(1))
    expect(backend.conversations[0].system_prompt).toBe('Answer in French.')
    // The panel now shows the conversation's stored settings.
    expect(screen.getByLabelText('System prompt')).toHaveValue('Answer in French.')
  })

  it('a first message the backend cannot take stays in the box with the reason, and nothing is created', async () => {
    server.use(http.post('http://localhost:8000/api/conversations', () => HttpResponse.error()))
    const { user } = renderApp()
    await screen.findByRole('heading', { name: 'Welcome to Chat AI' })
    await user.type(textbox(), 'Are you there?{Enter}')
    expect(await screen.findByText(/Cannot reach the backend/)).toBeInTheDocument()
    expect(textbox()).toHaveValue('Are you there?')
    expect(window.location.hash).not.toMatch(/#\/c\//)
    expect(backend.conversations).toHaveLength(0)
  })

  it('a first message the backend refuses takes back the conversation it began; what was typed and chosen stays', async () => {
    const refusal = 'notes.txt does not fit the context window of model-b (1,000 tokens): it needs about 1,400.'
    server.use(http.post('http://localhost:8000/api/chat/stream', () => HttpResponse.json({ detail: refusal }, { status: 413 })))
    backend.health.models = ['model-a', 'model-b']
    const { user } = renderApp()
    const picker = await screen.findByRole('combobox', { name: 'Model' })
    await waitFor(() => expect(within(picker).getByRole('option', { name: 'model-b' })).toBeInTheDocument())
    await user.selectOptions(picker, 'model-b')
    await user.upload(screen.getByTestId('file-input'), text())
    await waitFor(() => expect(chips()[0]).toHaveAttribute('data-status', 'ready'))
    await user.type(textbox(), 'Summarise these notes{Enter}')
    expect(await screen.findByText(refusal)).toBeInTheDocument()
    await waitFor(() => expect(backend.conversations).toHaveLength(0))
    expect(backend.requests.filter((r) => r.startsWith('DELETE /api/conversations/'))).toHaveLength(1)
    expect(conversationList().queryByText('New Conversation')).toBeNull()
    expect(screen.getByRole('heading', { name: 'Welcome to Chat AI' })).toBeInTheDocument()
    expect(window.location.hash).not.toMatch(/#\/c\//)
    expect(textbox()).toHaveValue('Summarise these notes')
    expect(chips()).toHaveLength(1)
    expect(chips()[0]).toHaveAttribute('data-status', 'ready')
    expect(screen.getByRole('combobox', { name: 'Model' })).toHaveValue('model-b')
  })

  it('the browser tab names the open conversation, and the app on the start page', async () => {
    const id = addConversation({ title: 'Trip plans', messages: [{ role: 'user', content: 'Lisbon?' }] })
    const { user } = renderApp({ conversationId: id })
    await waitFor(() => expect(document.title).toBe('Trip plans · Chat AI'))
    await user.click(screen.getByRole('button', { name: 'New Chat', exact: true }))
    await waitFor(() => expect(document.title).toBe('Chat AI'))
  })
})
