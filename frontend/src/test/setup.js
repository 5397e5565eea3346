import '@testing-library/jest-dom/vitest'
import { cleanup, configure } from '@testing-library/react'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { server, resetBackend } from './backend'

// findBy…/waitFor wait for what will happen; on a busy 2-core machine the lazily loaded
// Markdown renderer alone can take over the 1 s default, which failed one run in a few.
configure({ asyncUtilTimeout: 5000 })

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  cleanup()
  server.resetHandlers()
  resetBackend()
  window.history.replaceState(null, '', '/')
  window.localStorage.clear() // drafts: each test starts with none
})
afterAll(() => server.close())
