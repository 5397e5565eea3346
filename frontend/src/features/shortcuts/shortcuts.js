// The keyboard shortcuts the app offers, as the "?" dialog lists them.
const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || '')
const MOD = isMac ? '⌘' : 'Ctrl'

export const SHORTCUTS = [
  { keys: [MOD, 'K'], action: 'Search conversations' },
  { keys: [MOD, 'Shift', 'O'], action: 'New chat' },
  { keys: ['Enter'], action: 'Send the message' },
  { keys: ['Shift', 'Enter'], action: 'New line in the message' },
  { keys: ['↑'], action: 'Edit your last message (in an empty message box)' },
  { keys: ['Esc'], action: 'Stop the reply' },
  { keys: ['?'], action: 'Show these shortcuts' },
]
