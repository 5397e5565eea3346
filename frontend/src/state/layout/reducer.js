// What the page shows around the conversation: the sidebar (collapsed to icons on wide screens,
// an overlay on narrow ones), the conversation's settings panel (and the field to focus in it),
// the defaults & presets screen, the keyboard shortcuts dialog, and the health notice the user
// dismissed. Named transitions only.
import { transitions } from '../transitions'

export const initialLayoutState = {
  isSidebarCollapsed: false,
  isMobileSidebarOpen: false,
  isShortcutsOpen: false,
  isSettingsOpen: false,
  // The settings field to focus as the panel opens (e.g. max tokens, from "Raise the limit"):
  // { id }, a new object each time, so asking again focuses it again.
  settingsField: null,
  isPreferencesOpen: false,
  dismissedNotice: null, // its title: hidden until a different problem comes
}

export const layoutReducer = transitions({
  'sidebar/collapsed': (state, { collapsed }) => ({ ...state, isSidebarCollapsed: collapsed }),
  'sidebar/overlaid': (state, { open }) => ({ ...state, isMobileSidebarOpen: open }),
  'shortcuts/shown': (state, { open }) => ({ ...state, isShortcutsOpen: open }),
  'settings/shown': (state, { open }) => ({ ...state, isSettingsOpen: open }),
  'settings/openedAt': (state, { fieldId }) => ({ ...state, isSettingsOpen: true, settingsField: fieldId ? { id: fieldId } : null }),
  'preferences/shown': (state, { open }) => ({ ...state, isPreferencesOpen: open }),
  'notice/dismissed': (state, { title }) => ({ ...state, dismissedNotice: title }),
})
