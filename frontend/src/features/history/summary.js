// How an import's answer reads.

const SOURCE_NAMES = { chatgpt: 'ChatGPT', 'open-webui': 'Open WebUI', librechat: 'LibreChat', 'client-chat': 'Chat AI' }

const conversations = (count) => `${count} ${count === 1 ? 'conversation' : 'conversations'}`

/** "Imported 3 conversations, 2 already here (skipped)." */
export function importedSentence({ imported, skipped }) {
  return skipped ? `Imported ${conversations(imported)}, ${skipped} already here (skipped).` : `Imported ${conversations(imported)}.`
}

/** "From ChatGPT and LibreChat." for the sources of the conversations that came in (or ''). */
export function sourcesSentence(imported = []) {
  const names = [...new Set(imported.map((conversation) => SOURCE_NAMES[conversation.source] ?? conversation.source))].filter(Boolean)
  if (!names.length) return ''
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
  return `From ${list}.`
}
