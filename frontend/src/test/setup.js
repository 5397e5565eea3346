import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { server, resetBackend } from './backend'

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  cleanup()
  server.resetHandlers()
  resetBackend()
  window.history.replaceState(null, '', '/')
  window.localStorage.clear() // drafts: each test starts with none
})
afterAll(() => server.close())
