import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import Message from './Message'
import StreamingMessage from './StreamingMessage'

describe('Message', () => {
  it('puts the user on the right with the gradient, as plain text', () => {
    const { container } = render(<Message message={{ role: 'user', content: '<b>hi</b>\nthere' }} />)
    expect(container.firstChild).toHaveClass('items-end')
    expect(container.querySelector('[data-role="user"]')).toHaveClass('bg-gradient-to-r', 'from-primary', 'to-secondary')
    expect(screen.getByText(/<b>hi<\/b>/)).toHaveClass('whitespace-pre-wrap')
  })

  it('puts the assistant on the left on the dark card', () => {
    const { container } = render(<Message message={{ role: 'assistant', content: 'Hello!' }} />)
    expect(container.firstChild).toHaveClass('items-start')
    expect(container.querySelector('[data-role="assistant"]')).toHaveClass('bg-dark-lighter')
  })

  it('says when a reply was stopped or interrupted', () => {
    render(<Message message={{ role: 'assistant', content: 'half', status: 'stopped' }} />)
    expect(screen.getByText('Stopped before the end')).toBeInTheDocument()
    render(<Message message={{ role: 'assistant', content: 'half', status: 'interrupted', error: 'LM Studio dropped' }} />)
    expect(screen.getByText('Interrupted: LM Studio dropped')).toBeInTheDocument()
  })
})

describe('StreamingMessage', () => {
  it('shows the text so far with a pulsing cursor', () => {
    render(<StreamingMessage content="Once upon" />)
    expect(screen.getByTestId('streaming-message')).toHaveTextContent('Once upon')
    expect(screen.getByTestId('cursor')).toHaveClass('animate-pulse', 'bg-primary')
  })

  it('says the model is thinking before the answer starts', () => {
    render(<StreamingMessage content="" reasoning="hmm" />)
    expect(screen.getByText('Thinking…')).toBeInTheDocument()
  })
})
