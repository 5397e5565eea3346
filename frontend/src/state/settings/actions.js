// Settings beyond one conversation: the defaults for new ones, presets (saved, deleted, applied),
// what the start page chooses for the conversation it begins, and LM Studio's model catalog.
import { api } from '../../services/api'

export function createSettingsActions({ dispatch, getState, chat }) {
  /** The models LM Studio has, loaded or not; `fresh` asks LM Studio again rather than the
   * backend's list of the last seconds (the picker opening, a model loaded by a reply). */
  const loadCatalog = async ({ fresh = false } = {}) => {
    try {
      dispatch({ type: 'catalog/loaded', catalog: await api.getCatalog({ fresh }) })
    } catch {
      // The picker keeps what it had (or the health check's list); the banner says what is down.
    }
  }

  const loadDefaults = async () => {
    try {
      dispatch({ type: 'defaults/loaded', defaults: await api.getDefaults() })
    } catch {
      // new conversations then start with the backend's defaults all the same
    }
  }

  const loadPresets = async () => {
    try {
      dispatch({ type: 'presets/loaded', presets: await api.getPresets() })
    } catch {
      // the preset lists stay as they were
    }
  }

  /** Settings for the conversation the start page will begin (the settings panel's onSave there). */
  const updateNewChatSettings = async (changes) => {
    dispatch({ type: 'newChat/settings', changes })
    return true
  }

  /** Save the defaults for new conversations; null, or the sentence saying why not. */
  const saveDefaults = async (settings) => {
    try {
      dispatch({ type: 'defaults/loaded', defaults: await api.putDefaults(settings) })
      return null
    } catch (error) {
      return error.message
    }
  }

  /** Create (no id) or change a preset; the preset, or { error } with the sentence saying why not. */
  const savePreset = async (id, fields) => {
    try {
      const preset = id ? await api.updatePreset(id, fields) : await api.createPreset(fields)
      await loadPresets()
      return preset
    } catch (error) {
      return { error: error.message }
    }
  }

  /** Delete a preset; null, or the sentence saying why not. */
  const deletePreset = async (id) => {
    try {
      await api.deletePreset(id)
    } catch (error) {
      if (error.status !== 404) return error.message
    }
    await loadPresets()
    return null
  }

  /** Take a preset's settings: into the open conversation (PATCH {preset_id}), or on the start page
   * into the settings of the conversation it will begin. Null, or the sentence saying why not. */
  const applyPreset = async (presetId) => {
    // What was typed before is saved first, so that it cannot overwrite the preset afterwards.
    await chat.flushSettings()
    const { conversation, settings } = getState()
    if (conversation.id) {
      try {
        const updated = await api.updateConversation(conversation.id, { preset_id: presetId })
        dispatch({ type: 'conversation/updated', conversation: updated })
        return null
      } catch (error) {
        return error.message
      }
    }
    const preset = settings.presets.find((p) => p.id === presetId)
    if (!preset) return 'That preset no longer exists.'
    const { id: _id, name: _name, created_at: _created, updated_at: _updated, ...chosen } = preset
    dispatch({ type: 'newChat/settings', changes: chosen })
    return null
  }

  return {
    actions: { loadCatalog, updateNewChatSettings, saveDefaults, savePreset, deletePreset, applyPreset },
    internal: {},
    // What every page needs once: the defaults for new conversations, the presets. (The catalog
    // comes once the health check found LM Studio reachable.)
    start: () => {
      loadDefaults()
      loadPresets()
    },
  }
}
