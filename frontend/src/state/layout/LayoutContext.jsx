import { createContext, useContext, useMemo, useState } from 'react'

// Layout state several components share: the sidebar (collapsed on wide screens, an overlay
// on narrow ones), the settings panel, the defaults & presets screen, the keyboard shortcuts
// dialog and a dismissed notice.
const LayoutContext = createContext(null)

export const LayoutProvider = ({ children }) => {
  const [isSidebarCollapsed, setSidebarCollapsed] = useState(false)
  const [isMobileSidebarOpen, setMobileSidebarOpen] = useState(false)
  const [isShortcutsOpen, setShortcutsOpen] = useState(false)
  const [isSettingsOpen, setSettingsOpen] = useState(false)
  // The settings field to focus as the panel opens (e.g. max tokens, from "Raise the limit"):
  // { id }, a new object each time, so asking again focuses it again.
  const [settingsField, setSettingsField] = useState(null)
  // The screen for the defaults of new conversations and the presets.
  const [isPreferencesOpen, setPreferencesOpen] = useState(false)
  // The health notice the user dismissed (its title): hidden until a different problem comes.
  const [dismissedNotice, setDismissedNotice] = useState(null)

  const value = useMemo(
    () => ({
      isSidebarCollapsed,
      setSidebarCollapsed,
      isMobileSidebarOpen,
      setMobileSidebarOpen,
      isShortcutsOpen,
      setShortcutsOpen,
      isSettingsOpen,
      setSettingsOpen,
      settingsField,
      openSettingsAt: (fieldId) => {
        setSettingsField(fieldId ? { id: fieldId } : null)
        setSettingsOpen(true)
      },
      isPreferencesOpen,
      setPreferencesOpen,
      dismissedNotice,
      setDismissedNotice,
    }),
    [isSidebarCollapsed, isMobileSidebarOpen, isShortcutsOpen, isSettingsOpen, settingsField, isPreferencesOpen, dismissedNotice],
  )
  return <LayoutContext.Provider value={value}>{children}</LayoutContext.Provider>
}

export const useLayout = () => {
  const context = useContext(LayoutContext)
  if (!context) throw new Error('useLayout must be used within LayoutProvider')
  return context
}
