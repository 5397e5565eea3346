// Whose settings the header's model picker and the settings panel change.

/** The open conversation's ({ conversation, save }), or on the start page those of the
 * conversation its first message will begin (the defaults, with what was chosen there). */
export function settingsTarget({ currentConversationId, currentConversation, updateConversationSettings, defaults, newChatSettings, updateNewChatSettings }) {
  return currentConversationId
    ? { conversation: currentConversation, save: updateConversationSettings }
    : { conversation: { id: 'new', ...defaults, ...newChatSettings }, save: updateNewChatSettings }
}
