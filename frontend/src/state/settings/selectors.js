// What the page reads of the settings and the model catalog.
import { selectDefaultModel, selectLmStudioModels } from '../health/selectors'
import { selectCurrentConversation } from '../conversation/selectors'

/** Models a conversation can use: every one but embedding models. */
export function chatModels(catalog) {
  return (catalog ?? []).filter((model) => model.type !== 'embeddings')
}

export function findModel(catalog, id) {
  return (catalog ?? []).find((model) => model.id === id) ?? null
}

/** The ids of the chat models: the catalog's once it answered; until then (or from an old
 * backend) the health check's list. */
export const selectModels = (state) =>
  state.settings.catalog ? chatModels(state.settings.catalog).map((model) => model.id) : selectLmStudioModels(state)

/** The model the open conversation's next reply comes from, as far as the page knows; on the
 * start page, the one the conversation it begins will have. */
export function selectChatModel(state) {
  const { defaults, newChat } = state.settings
  if (state.conversation.id) return selectCurrentConversation(state)?.model ?? selectDefaultModel(state)
  return newChat.model ?? defaults.model ?? selectDefaultModel(state)
}

/** What the catalog says of that model (null when it does not list it). */
export const selectChatModelInfo = (state) => findModel(state.settings.catalog, selectChatModel(state))

/** The window the conversation's model has: as loaded now (catalog), else as the last reply found it. */
export function contextLengthFor(messages, model) {
  if (model?.context_length) return model.context_length
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const length = messages[index].stats?.context_length
    if (length) return length
  }
  return null
}

/** useChat()'s names for the settings and the models. */
export const settingsView = (state) => ({
  defaults: state.settings.defaults,
  presets: state.settings.presets,
  newChatSettings: state.settings.newChat,
  catalog: state.settings.catalog,
  models: selectModels(state),
  chatModel: selectChatModel(state),
  chatModelInfo: selectChatModelInfo(state),
  contextLength: contextLengthFor(state.conversation.messages, selectChatModelInfo(state)),
})
