import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { loadDraft, saveDraft } from '../state/drafts'
import MessageInput from './MessageInput'

const textbox = () => screen.getByRole('textbox', { name: 'Message' })

/** A send the test answers: accept() or refuse(sentence). */
function sender() {
  const calls = []
  const onSendMessage = vi.fn((text, { onAccepted, onRefused }) => calls.push({ text, accept: onAccepted, refuse: onRefused }))
  return { onSendMessage, calls }
}

describe('MessageInput', () => {
  afterEach(() => window.localStorage.clear())

  it('the send button shows an arrow pointing up (the old paper plane read as a warning triangle)', () => {
    render(<MessageInput conversationId="c1" onSendMessage={vi.fn()} isStreaming={false} />)
    const paths = [...screen.getByRole('button', { name: 'Send message' }).querySelectorAll('path')]
    expect(paths.map((path) => path.getAttribute('d'))).toEqual(['M12 19V5m0 0l-6 6m6-6l6 6'])
  })

  it('takes the focus back when a reply ends, but not from where the user went meanwhile', () => {
    const props = { conversationId: 'c1', onSendMessage: vi.fn(), onStop: vi.fn() }
    const { rerender } = render(
      <>
        <input aria-label="Elsewhere" />
        <MessageInput {...props} isStreaming />
      </>,
    )
    screen.getByRole('textbox', { name: 'Elsewhere' }).focus()
    rerender(
      <>
        <input aria-label="Elsewhere" />
        <MessageInput {...props} isStreaming={false} />
      </>,
    )
    expect(screen.getByRole('textbox', { name: 'Elsewhere' })).toHaveFocus()
    rerender(
      <>
        <input aria-label="Elsewhere" />
        <MessageInput {...props} isStreaming />
      </>,
    )
    act(() => document.activeElement.blur()) // e.g. Stop was pressed, and has gone
    rerender(
      <>
        <input aria-label="Elsewhere" />
        <MessageInput {...props} isStreaming={false} />
      </>,
    )
    expect(textbox()).toHaveFocus()
  })

  it('Enter sends; Shift+Enter adds a line; the box empties once the backend accepted', async () => {
    const user = userEvent.setup()
    const { onSendMessage, calls } = sender()
    render(<MessageInput conversationId="c1" onSendMessage={onSendMessage} isStreaming={false} />)
    await user.type(textbox(), 'first line')
    await user.keyboard('{Shift>}{Enter}{/Shift}second line')
    expect(textbox()).toHaveValue('first line\nsecond line')
    expect(onSendMessage).not.toHaveBeenCalled()
    await user.keyboard('{Enter}')
    expect(calls[0].text).toBe('first line\nsecond line')
    expect(textbox()).toHaveValue('first line\nsecond line') // not yet: the backend has not said yes
    act(() => calls[0].accept())
    expect(textbox()).toHaveValue('')
    expect(loadDraft('c1')).toBe('')
  })

  it('keeps a refused message in the box, with the reason beside it', async () => {
    const user = userEvent.setup()
    const { onSendMessage, calls } = sender()
    render(<MessageInput conversationId="c1" onSendMessage={onSendMessage} isStreaming={false} />)
    await user.type(textbox(), 'Hello?{Enter}')
    act(() => calls[0].refuse('Cannot reach the backend at http://localhost:8000.'))
    expect(textbox()).toHaveValue('Hello?')
    expect(screen.getByRole('alert')).toHaveTextContent('Cannot reach the backend')
    expect(textbox()).toHaveAccessibleDescription(/Cannot reach the backend/)
    await user.type(textbox(), '!')
    expect(screen.queryByRole('alert')).toBeNull() // typing again clears the old reason
    expect(loadDraft('c1')).toBe('Hello?!')
  })

  it('each conversation has its own draft, kept in the browser', async () => {
    const user = userEvent.setup()
    saveDraft('c2', 'half-written thought')
    const { rerender } = render(<MessageInput key="c1" conversationId="c1" onSendMessage={vi.fn()} isStreaming={false} />)
    await user.type(textbox(), 'for the first')
    rerender(<MessageInput key="c2" conversationId="c2" onSendMessage={vi.fn()} isStreaming={false} />)
    expect(textbox()).toHaveValue('half-written thought')
    rerender(<MessageInput key="c1" conversationId="c1" onSendMessage={vi.fn()} isStreaming={false} />)
    expect(textbox()).toHaveValue('for the first')
  })

  it('counts characters near the limit and will not send past it', async () => {
    const user = userEvent.setup()
    const { onSendMessage } = sender()
    render(<MessageInput conversationId="c1" onSendMessage={onSendMessage} isStreaming={false} maxChars={10} />)
    await user.type(textbox(), 'abcdefg')
    expect(screen.queryByText(/\/ 10/)).toBeNull()
    await user.type(textbox(), 'h')
    expect(screen.getByText('8 / 10')).toBeInTheDocument()
    await user.type(textbox(), 'ijk{Enter}')
    expect(screen.getByText('11 / 10')).toHaveClass('text-red-300')
    expect(screen.getByRole('alert')).toHaveTextContent('Too long to send: 11 characters; the limit is 10.')
    expect(onSendMessage).not.toHaveBeenCalled()
    expect(textbox()).toHaveValue('abcdefghijk')
  })

  it('does not send blank text', async () => {
    const user = userEvent.setup()
    const { onSendMessage } = sender()
    render(<MessageInput conversationId="c1" onSendMessage={onSendMessage} isStreaming={false} />)
    await user.type(textbox(), '   {Enter}')
    expect(onSendMessage).not.toHaveBeenCalled()
    expect(screen.getByRole('button', { name: 'Send message' })).toBeDisabled()
  })

  it('while a reply streams: the box stays editable, a message waits for the end, Stop stops', async () => {
    const user = userEvent.setup()
    const onStop = vi.fn()
    const { onSendMessage, calls } = sender()
    const { rerender, container } = render(
      <MessageInput conversationId="c1" onSendMessage={onSendMessage} isStreaming onStop={onStop} />,
    )
    expect(textbox()).toBeEnabled()
    expect(container.querySelector('.animate-spin')).not.toBeNull()
    await user.type(textbox(), 'Next question{Enter}')
    expect(onSendMessage).not.toHaveBeenCalled()
    expect(screen.getByRole('status')).toHaveTextContent('Your message will be sent when the reply ends.')
    await user.click(screen.getByTestId('stop-button'))
    expect(onStop).toHaveBeenCalledOnce()
    rerender(<MessageInput conversationId="c1" onSendMessage={onSendMessage} isStreaming={false} onStop={onStop} />)
    expect(calls.map((call) => call.text)).toEqual(['Next question'])
  })

  it('while a reply streams, one button beside the box: Stop with nothing typed, Send once something is', async () => {
    const user = userEvent.setup()
    const onStop = vi.fn()
    const { onSendMessage } = sender()
    render(<MessageInput conversationId="c1" onSendMessage={onSendMessage} isStreaming onStop={onStop} />)
    const stop = () => screen.queryByTestId('stop-button')
    const send = () => screen.queryByRole('button', { name: 'Send when the reply ends' })
    expect(stop()).toHaveAccessibleName('Stop generating')
    expect(send()).toBeNull()

    await user.type(textbox(), 'Next question')
    expect(stop()).toBeNull()
    expect(send()).toBeEnabled()

    await user.clear(textbox())
    expect(stop()).not.toBeNull()
    expect(send()).toBeNull()

    await user.type(textbox(), 'Next question{Enter}') // queued: nothing new left to send, so Stop again
    expect(onSendMessage).not.toHaveBeenCalled()
    expect(send()).toBeNull()
    await user.click(stop())
    expect(onStop).toHaveBeenCalledOnce()
  })

  it('a waiting message can be taken back', async () => {
    const user = userEvent.setup()
    const { onSendMessage } = sender()
    const { rerender } = render(<MessageInput conversationId="c1" onSendMessage={onSendMessage} isStreaming />)
    await user.type(textbox(), 'Never mind{Enter}')
    await user.click(screen.getByRole('button', { name: 'Don’t send' }))
    rerender(<MessageInput conversationId="c1" onSendMessage={onSendMessage} isStreaming={false} />)
    expect(onSendMessage).not.toHaveBeenCalled()
    expect(textbox()).toHaveValue('Never mind')
  })

  it('shows no Stop button when nothing streams', () => {
    render(<MessageInput conversationId="c1" onSendMessage={vi.fn()} isStreaming={false} onStop={vi.fn()} />)
    expect(screen.queryByTestId('stop-button')).toBeNull()
  })
})
