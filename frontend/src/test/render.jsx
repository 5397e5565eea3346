import { render } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { ChatProvider } from '../contexts/ChatContext'
import App from '../App'

/** Render UI inside the ChatProvider, with a user-event session. */
export function renderWithChat(ui) {
  const user = userEvent.setup()
  return { user, ...render(<ChatProvider>{ui}</ChatProvider>) }
}

/** The whole app, optionally opened at a conversation's URL. With fake timers, pass
 * `advanceTimers: vi.advanceTimersByTime` so that user-event's own delays advance them. */
export function renderApp({ conversationId, advanceTimers } = {}) {
  if (conversationId) window.history.replaceState(null, '', `/#/c/${conversationId}`)
  const user = userEvent.setup(advanceTimers ? { advanceTimers } : {})
  return { user, ...render(<App />) }
}
