// LayoutProvider and useLayout(): what is shown around the conversation (reducer.js), shared by
// the components that open and close it.
import { createContext, useContext, useMemo, useReducer, useState } from 'react'
import { createLayoutActions } from './actions'
import { initialLayoutState, layoutReducer } from './reducer'
import { rememberedCollapsed } from './sidebarMemory'

// The sidebar as the user left it (collapsed or not) on the last visit.
const startingLayout = (state) => ({ ...state, isSidebarCollapsed: rememberedCollapsed() })

const LayoutContext = createContext(null)

export const LayoutProvider = ({ children }) => {
  const [state, dispatch] = useReducer(layoutReducer, initialLayoutState, startingLayout)
  const [actions] = useState(() => createLayoutActions(dispatch))
  const value = useMemo(() => ({ ...state, ...actions }), [state, actions])
  return <LayoutContext.Provider value={value}>{children}</LayoutContext.Provider>
}

export const useLayout = () => {
  const context = useContext(LayoutContext)
  if (!context) throw new Error('useLayout must be used within LayoutProvider')
  return context
}
