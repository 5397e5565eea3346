// What the page reads of the latest health check.

export const selectDefaultModel = (state) => state.health?.lmStudio?.default_model ?? null

export const selectLmStudioModels = (state) => state.health?.lmStudio?.models ?? []

/** useChat()'s names: the check itself, the model the backend picks, and the backend's limits. */
export const healthView = (state) => ({
  health: state.health,
  defaultModel: selectDefaultModel(state),
  maxMessageChars: state.health?.maxMessageChars ?? null,
  maxUploadBytes: state.health?.maxUploadBytes ?? null,
  maxAttachments: state.health?.maxAttachments ?? null,
})
