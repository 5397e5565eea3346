// Where focus goes, by id: the message box (what most actions lead back to: New Chat, the skip
// link, a reply ending), the message list, the search field.
export const MESSAGE_BOX_ID = 'message-box'

/** Focus the message box once the current update has been painted (it may be about to mount). */
export function focusMessageBox() {
  requestAnimationFrame(() => document.getElementById(MESSAGE_BOX_ID)?.focus())
}

// The scrolling list of messages: focusable, so that the keyboard can scroll it; focus there (a
// click on its text) is not focus anywhere on purpose.
export const MESSAGE_LIST_ID = 'message-list'

/** Whether the focus rests nowhere in particular: the page itself, or the message list. */
export function isFocusIdle() {
  const active = document.activeElement
  return active === null || active === document.body || active.id === MESSAGE_LIST_ID
}

// The sidebar's search field, which Ctrl/Cmd+K focuses.
export const SEARCH_INPUT_ID = 'conversation-search'
