// Whose settings the header's model picker and the settings panel change.

/** The open conversation's, or on the start page those of the conversation its first message will
 * begin (the defaults, with what was chosen there): { conversation, save (now), saveSoon (once
 * the typing pauses), flush (what waits, now) }. */
export function settingsTarget(chat) {
  const { currentConversationId, currentConversation, defaults, newChatSettings, saveSettingsSoon, flushSettings } = chat
  const typed = { saveSoon: saveSettingsSoon, flush: flushSettings }
  return currentConversationId
    ? { conversation: currentConversation, save: chat.updateConversationSettings, ...typed }
    : { conversation: { id: 'new', ...defaults, ...newChatSettings }, save: chat.updateNewChatSettings, ...typed }
}
