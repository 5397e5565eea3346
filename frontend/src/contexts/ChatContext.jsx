// ChatProvider and useChat(): the chat's state, made of the slices in state/, and their actions.
import { createContext, useContext, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react'
import { createChatActions } from '../state/chatActions'
import { chatReducer, initialChatState } from '../state/chatReducer'
import { chatView } from '../state/chatView'

const ChatContext = createContext(null)

export const ChatProvider = ({ children }) => {
  const [state, dispatch] = useReducer(chatReducer, initialChatState)
  // The state on screen, for actions (they run after it was committed).
  const stateRef = useRef(state)
  useLayoutEffect(() => {
    stateRef.current = state
  })
  const [chat] = useState(() => createChatActions(dispatch, () => stateRef.current))
  useEffect(() => chat.start(), [chat])
  const value = useMemo(() => ({ ...chatView(state), ...chat.actions }), [state, chat])
  return <ChatContext.Provider value={value}>{children}</ChatContext.Provider>
}

export const useChat = () => {
  const context = useContext(ChatContext)
  if (!context) throw new Error('useChat must be used within ChatProvider')
  return context
}
