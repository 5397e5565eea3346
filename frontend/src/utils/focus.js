// The message box is what most actions lead back to (New Chat, the skip link, a reply ending).
export const MESSAGE_BOX_ID = 'message-box'

/** Focus the message box once the current update has been painted (it may be about to mount). */
export function focusMessageBox() {
  requestAnimationFrame(() => document.getElementById(MESSAGE_BOX_ID)?.focus())
}
