import { createContext, useContext, useMemo, useState } from 'react'

// Layout state several components share: the sidebar (collapsed on wide screens, an overlay
// on narrow ones), the settings panel, the keyboard shortcuts dialog and a dismissed notice.
const LayoutContext = createContext(null)

export const LayoutProvider = ({ children }) => {
  const [isSidebarCollapsed, setSidebarCollapsed] = useState(false)
  const [isMobileSidebarOpen, setMobileSidebarOpen] = useState(false)
  const [isShortcutsOpen, setShortcutsOpen] = useState(false)
  const [isSettingsOpen, setSettingsOpen] = useState(false)
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
      dismissedNotice,
      setDismissedNotice,
    }),
    [isSidebarCollapsed, isMobileSidebarOpen, isShortcutsOpen, isSettingsOpen, dismissedNotice],
  )
  return <LayoutContext.Provider value={value}>{children}</LayoutContext.Provider>
}

export const useLayout = () => {
  const context = useContext(LayoutContext)
  if (!context) throw new Error('useLayout must be used within LayoutProvider')
  return context
}
