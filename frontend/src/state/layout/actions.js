// The layout's actions, under the names components call them by.
import { rememberCollapsed } from './sidebarMemory'

export function createLayoutActions(dispatch) {
  return {
    setSidebarCollapsed: (collapsed) => {
      rememberCollapsed(collapsed)
      dispatch({ type: 'sidebar/collapsed', collapsed })
    },
    setMobileSidebarOpen: (open) => dispatch({ type: 'sidebar/overlaid', open }),
    setShortcutsOpen: (open) => dispatch({ type: 'shortcuts/shown', open }),
    setSettingsOpen: (open) => dispatch({ type: 'settings/shown', open }),
    /** Open the settings panel with the field `fieldId` focused (null: none). */
    openSettingsAt: (fieldId) => dispatch({ type: 'settings/openedAt', fieldId }),
    setPreferencesOpen: (open) => dispatch({ type: 'preferences/shown', open }),
    setDismissedNotice: (title) => dispatch({ type: 'notice/dismissed', title }),
  }
}
