import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { addConversation, backend, reply, waitForStream } from '../../test/backend'
import { inMessages, openWith, textbox } from '../../test/fixtures'
import { renderApp } from '../../test/render'

const cards = () => screen.queryAllByTestId('tool-call')
const card = (name) => screen.getByRole('group', { name: `Tool call: ${name}` })
const findCard = (name) => screen.findByRole('group', { name: `Tool call: ${name}` })
const ECHO = { id: 'call-1', name: 'echo', server: 'toolbox', arguments: '{"text":"hi"}' }

/** An empty conversation, a message sent, its reply begun. */
async function replying(question = 'Say hi through echo') {
  const id = addConversation({ title: 'Tools' })
  const view = renderApp({ conversationId: id })
  await screen.findByText('No messages yet')
  await view.user.type(textbox(), `${question}{Enter}`)
  const stream = await waitForStream()
  act(() => reply.start(stream))
  return { id, stream, ...view }
}

describe('tool calls in a reply', () => {
  it('shows each call where it happened, with its status, duration, arguments and result, and keeps them once stored', async () => {
    const { stream, user } = await replying()
    act(() => reply.chunk(stream, 'Let me ask echo.'))
    act(() => reply.toolCall(stream, ECHO))
    expect(await within(await findCard('echo')).findByText('Running…')).toBeInTheDocument()
    expect(card('echo')).toHaveTextContent('on toolbox')
    act(() => reply.toolResult(stream, 'call-1', 'hi', { durationMs: 1500 }))
    expect(await within(card('echo')).findByText('Done')).toBeInTheDocument()
    expect(card('echo')).toHaveTextContent('1.5 s')
    act(() => reply.chunk(stream, 'Echo said hi.'))
    await waitFor(() => expect(screen.getByTestId('streaming-message')).toHaveTextContent('Echo said hi.'))

    // In order: the text before, the card, the text after.
    const content = within(screen.getByTestId('streaming-message')).getByTestId('message-content')
    const order = content.textContent
    expect(order.indexOf('Let me ask echo.')).toBeLessThan(order.indexOf('on toolbox'))
    expect(order.indexOf('Done')).toBeLessThan(order.indexOf('Echo said hi.'))

    // Folded: the arguments (pretty-printed) and the result open on demand.
    expect(within(card('echo')).queryByText(/"text": "hi"/)).toBeNull()
    await user.click(within(card('echo')).getByRole('button', { name: 'Arguments' }))
    expect(within(card('echo')).getByLabelText('Arguments')).toHaveTextContent('{ "text": "hi" }')
    await user.click(within(card('echo')).getByRole('button', { name: 'Result' }))
    expect(within(card('echo')).getByLabelText('Result')).toHaveTextContent('hi')

    act(() => reply.finish(stream))
    await waitFor(() => expect(screen.queryByTestId('streaming-message')).toBeNull())
    expect(cards()).toHaveLength(1)
    expect(within(card('echo')).getByText('Done')).toBeInTheDocument()
    expect(inMessages().getByText('Echo said hi.')).toBeInTheDocument()
    // The reader's opened result stayed open: the stored reply kept the row's elements.
    expect(within(card('echo')).getByLabelText('Result')).toHaveTextContent('hi')
  })

  it('shows a result as text, never as HTML or Markdown', async () => {
    const { stream, user } = await replying()
    act(() => reply.toolCall(stream, ECHO))
    act(() => reply.toolResult(stream, 'call-1', '<img src=x onerror="alert(1)"><b>**bold**</b>'))
    await user.click(await within(await findCard('echo')).findByRole('button', { name: 'Result' }))
    const result = within(card('echo')).getByLabelText('Result')
    expect(result).toHaveTextContent('<img src=x onerror="alert(1)"><b>**bold**</b>')
    expect(result.querySelector('img, b, strong')).toBeNull()
  })

  it('shows arguments that are not JSON as the model wrote them', async () => {
    const { user } = await openWith([
      { role: 'user', content: 'Call it' },
      {
        role: 'assistant',
        content: 'It failed.',
        steps: [
          { type: 'tool_call', id: 'c1', name: 'echo', server: 'toolbox', arguments: '{"text": hi', status: 'error', result: 'Not JSON', duration_ms: null },
          { type: 'text', text: 'It failed.' },
        ],
      },
    ])
    const stored = card('echo')
    expect(within(stored).getByText('Error')).toBeInTheDocument()
    await user.click(within(stored).getByRole('button', { name: 'Arguments' }))
    expect(within(stored).getByLabelText('Arguments')).toHaveTextContent('{"text": hi')
  })
})

describe('a tool call that asks first', () => {
  it('shows its arguments and asks; Allow once lets it run, the focus returns to the box', async () => {
    const { stream, user, id } = await replying()
    act(() => reply.toolCall(stream, ECHO))
    act(() => reply.askApproval(stream, 'call-1'))
    expect(await within(await findCard('echo')).findByText('Waiting for you')).toBeInTheDocument()
    expect(within(card('echo')).getByLabelText('Arguments')).toHaveTextContent('{ "text": "hi" }')
    // The box was empty: the question takes the focus, not a button a stray key would press.
    await waitFor(() => expect(within(card('echo')).getByText('Run echo? The reply waits for your decision.')).toHaveFocus())
    await user.keyboard(' ')
    await user.keyboard('{Enter}')
    expect(backend.decisions).toEqual([])
    // One Tab to Allow once.
    await user.tab()
    expect(within(card('echo')).getByRole('button', { name: 'Allow once' })).toHaveFocus()
    await user.keyboard('{Enter}')
    await waitFor(() => expect(within(card('echo')).getByText('Running…')).toBeInTheDocument())
    expect(backend.decisions).toEqual([{ conversationId: id, id: 'call-1', decision: 'allow', remember: false }])
    expect(within(card('echo')).queryByRole('button', { name: 'Allow once' })).toBeNull()
    await waitFor(() => expect(textbox()).toHaveFocus())
    // Stop is still there while the reply runs.
    expect(screen.getByTestId('stop-button')).toBeInTheDocument()
  })

  it('leaves the focus in the message box while something is typed there', async () => {
    const { stream, user } = await replying()
    await user.type(textbox(), 'next question')
    act(() => reply.toolCall(stream, ECHO))
    act(() => reply.askApproval(stream, 'call-1'))
    await within(await findCard('echo')).findByText('Waiting for you')
    expect(textbox()).toHaveFocus()
  })

  it('Always allow makes it the tool’s rule; Deny shows the call denied', async () => {
    const { stream, user, id } = await replying()
    act(() => reply.toolCall(stream, ECHO))
    act(() => reply.askApproval(stream, 'call-1'))
    await user.click(await within(await findCard('echo')).findByRole('button', { name: 'Always allow' }))
    await waitFor(() => expect(backend.decisions.at(-1)).toEqual({ conversationId: id, id: 'call-1', decision: 'allow', remember: true }))
    act(() => reply.toolResult(stream, 'call-1', 'hi'))

    act(() => reply.toolCall(stream, { ...ECHO, id: 'call-2', name: 'fail' }))
    act(() => reply.askApproval(stream, 'call-2'))
    await user.click(await within(await findCard('fail')).findByRole('button', { name: 'Deny' }))
    expect(await within(card('fail')).findByText('Denied')).toBeInTheDocument()
    // What the model is told: declined, never run.
    act(() => reply.toolResult(stream, 'call-2', 'The user declined this tool call.', { isError: true, durationMs: null, status: 'denied' }))
    await within(card('fail')).findByRole('button', { name: 'Result' })
    expect(within(card('fail')).getByText('Denied')).toBeInTheDocument()
    act(() => reply.chunk(stream, 'I was not allowed.'))
    act(() => reply.finish(stream))
    await waitFor(() => expect(screen.queryByTestId('streaming-message')).toBeNull())
    expect(within(card('fail')).getByText('Denied')).toBeInTheDocument()
    expect(within(card('echo')).getByText('Done')).toBeInTheDocument()
  })

  it('takes back the question once it was decided in another tab, and shows the outcome the backend gives', async () => {
    const { stream } = await replying()
    act(() => reply.toolCall(stream, ECHO))
    act(() => reply.askApproval(stream, 'call-1'))
    await within(await findCard('echo')).findByRole('button', { name: 'Allow once' })
    act(() => reply.decidedElsewhere(stream, 'call-1', 'allow'))
    await waitFor(() => expect(within(card('echo')).getByText('Running…')).toBeInTheDocument())
    expect(within(card('echo')).queryByRole('button', { name: 'Allow once' })).toBeNull()
    // Allowed and run, then stopped: the result's outcome says so, whatever else it carries.
    act(() => reply.toolResult(stream, 'call-1', 'The reply was stopped.', { isError: true, durationMs: 800, status: 'stopped' }))
    expect(await within(card('echo')).findByText('Stopped')).toBeInTheDocument()
  })

  it('says why when the decision comes too late', async () => {
    const { stream, user } = await replying()
    act(() => reply.toolCall(stream, ECHO))
    act(() => reply.askApproval(stream, 'call-1'))
    backend.approvals.clear() // decided in another tab meanwhile
    await user.click(await within(await findCard('echo')).findByRole('button', { name: 'Allow once' }))
    expect(await within(card('echo')).findByRole('alert')).toHaveTextContent(/decided already, or its reply has ended/)
  })

  it('asks again after a reload: the reply in progress replays the question', async () => {
    const id = addConversation({ title: 'Tools', messages: [{ role: 'user', content: 'Say hi through echo' }], generating: true })
    renderApp({ conversationId: id })
    const attached = await waitForStream((s) => s.kind === 'attach')
    backend.approvals.add(`${id}/call-1`)
    act(() => reply.start(attached))
    act(() => reply.toolCall(attached, ECHO))
    act(() => reply.askApproval(attached, 'call-1'))
    await within(await findCard('echo')).findByRole('button', { name: 'Allow once' })
    // Nothing else had the focus: the question takes it.
    await waitFor(() => expect(within(card('echo')).getByText('Run echo? The reply waits for your decision.')).toHaveFocus())
  })

  it('Stop still stops while a call waits, and the call shows stopped', async () => {
    const { stream, user } = await replying()
    act(() => reply.chunk(stream, 'Let me ask.'))
    act(() => reply.toolCall(stream, ECHO))
    act(() => reply.askApproval(stream, 'call-1'))
    await within(await findCard('echo')).findByText('Waiting for you')
    await user.click(screen.getByTestId('stop-button'))
    await waitFor(() => expect(screen.queryByTestId('streaming-message')).toBeNull())
    expect(within(card('echo')).getByText('Stopped')).toBeInTheDocument()
    expect(within(card('echo')).queryByRole('button', { name: 'Allow once' })).toBeNull()
    expect(inMessages().getByText('Let me ask.')).toBeInTheDocument()
  })
})
