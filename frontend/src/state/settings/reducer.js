// Settings beyond one conversation: the defaults new conversations start with, named presets, what
// the start page chose for the conversation it will begin, and LM Studio's model catalog.
import { transitions } from '../transitions'

export const initialSettingsState = {
  defaults: {}, // GET /api/settings: what new conversations start with
  presets: [], // named settings a conversation can take
  newChat: {}, // chosen on the start page (model, system prompt…), given to the conversation it begins
  catalog: null, // GET /api/models/catalog: every model, loaded or not (null until it answered)
}

export const settingsReducer = transitions({
  'defaults/loaded': (state, action) => ({ ...state, defaults: action.defaults }),
  'presets/loaded': (state, action) => ({ ...state, presets: action.presets }),
  'catalog/loaded': (state, action) => ({ ...state, catalog: action.catalog }),
  'newChat/settings': (state, action) => ({ ...state, newChat: { ...state.newChat, ...action.changes } }),
  'conversation/begun': (state) => ({ ...state, newChat: {} }),
  // Its first message was refused: the start page's choices are the start page's again.
  'conversation/withdrawn': (state, action) => ({ ...state, newChat: action.newChat ?? state.newChat }),
})
