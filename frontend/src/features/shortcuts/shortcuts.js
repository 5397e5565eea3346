// The app's keyboard shortcuts, defined once: the keys the "?" dialog shows, what each does, and
// `matches(event)`, which the key handlers themselves use, so the help cannot drift from them.
const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || '')
const MOD = isMac ? '⌘' : 'Ctrl'

const withMod = (event) => event.ctrlKey || event.metaKey
const keyIs = (event, key) => event.key.toLowerCase() === key

export const SHORTCUTS = {
  search: { keys: [MOD, 'K'], action: 'Search conversations', matches: (e) => withMod(e) && !e.shiftKey && keyIs(e, 'k') },
  newChat: { keys: [MOD, 'Shift', 'O'], action: 'New chat', matches: (e) => withMod(e) && e.shiftKey && keyIs(e, 'o') },
  send: { keys: ['Enter'], action: 'Send the message', matches: (e) => e.key === 'Enter' && !e.shiftKey },
  // The message box's own: a textarea breaks the line itself.
  newLine: { keys: ['Shift', 'Enter'], action: 'New line in the message', matches: (e) => e.key === 'Enter' && e.shiftKey },
  editLast: { keys: ['↑'], action: 'Edit your last message (in an empty message box)', matches: (e) => e.key === 'ArrowUp' },
  stop: { keys: ['Esc'], action: 'Stop the reply', matches: (e) => e.key === 'Escape' },
  rename: { keys: ['F2'], action: 'Rename the conversation (in the list)', matches: (e) => e.key === 'F2' },
  delete: { keys: ['Delete'], action: 'Delete the conversation (in the list)', matches: (e) => e.key === 'Delete' },
  // The context-menu key does the same, where a keyboard has one.
  menu: {
    keys: ['Shift', 'F10'],
    action: 'More actions for the conversation (in the list)',
    matches: (e) => e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10'),
  },
  help: { keys: ['?'], action: 'Show these shortcuts', matches: (e) => e.key === '?' && !withMod(e) },
}

/** The shortcuts in the order the "?" dialog lists them. */
export const SHORTCUT_LIST = Object.values(SHORTCUTS)

/** The aria-keyshortcuts value of an element that answers these shortcuts ("F2 Shift+F10"). */
export const ariaKeyShortcuts = (...shortcuts) => shortcuts.map((shortcut) => shortcut.keys.join('+')).join(' ')
