import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import MessageInput from './MessageInput'

const textbox = () => screen.getByRole('textbox', { name: 'Message' })

describe('MessageInput', () => {
  it('Enter sends and clears; Shift+Enter adds a line', async () => {
    const user = userEvent.setup()
    const onSendMessage = vi.fn()
    render(<MessageInput onSendMessage={onSendMessage} disabled={false} />)
    await user.type(textbox(), 'first line')
    await user.keyboard('{Shift>}{Enter}{/Shift}second line')
    expect(textbox()).toHaveValue('first line\nsecond line')
    expect(onSendMessage).not.toHaveBeenCalled()
    await user.keyboard('{Enter}')
    expect(onSendMessage).toHaveBeenCalledWith('first line\nsecond line')
    expect(textbox()).toHaveValue('')
  })

  it('does not send blank text', async () => {
    const user = userEvent.setup()
    const onSendMessage = vi.fn()
    render(<MessageInput onSendMessage={onSendMessage} disabled={false} />)
    await user.type(textbox(), '   {Enter}')
    expect(onSendMessage).not.toHaveBeenCalled()
    expect(screen.getByRole('button', { name: 'Send message' })).toBeDisabled()
  })

  it('while a reply streams: disabled, a spinner, and a Stop button', async () => {
    const user = userEvent.setup()
    const onStop = vi.fn()
    const { container } = render(<MessageInput onSendMessage={vi.fn()} disabled onStop={onStop} />)
    expect(textbox()).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Waiting for the reply' })).toBeDisabled()
    expect(container.querySelector('.animate-spin')).not.toBeNull()
    await user.click(screen.getByTestId('stop-button'))
    expect(onStop).toHaveBeenCalledOnce()
  })

  it('shows no Stop button when nothing streams', () => {
    render(<MessageInput onSendMessage={vi.fn()} disabled={false} onStop={vi.fn()} />)
    expect(screen.queryByTestId('stop-button')).toBeNull()
  })
})
