// A slice's reducer written as a table of named transitions: { 'reply/started': (state, action,
// chat) => next state }. `chat` is the whole state before the action, for the few transitions
// that read another slice; an action no transition names leaves the slice as it is.
export function transitions(table) {
  const reducer = (state, action, chat) => (Object.hasOwn(table, action.type) ? table[action.type](state, action, chat) : state)
  reducer.handles = (type) => Object.hasOwn(table, type)
  return reducer
}
