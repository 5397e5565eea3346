// Whether the user collapsed the sidebar, in the browser's storage, so that a reload keeps it
// as they left it on a wide screen. (Over a phone's screen the sidebar is a drawer, which every
// page load starts closed: this is not about that.)
const KEY = 'client-chat:sidebar-collapsed'

export function rememberedCollapsed() {
  try {
    return window.localStorage.getItem(KEY) === 'true'
  } catch {
    return false // storage disabled: the sidebar starts expanded
  }
}

export function rememberCollapsed(collapsed) {
  try {
    if (collapsed) window.localStorage.setItem(KEY, 'true')
    else window.localStorage.removeItem(KEY)
  } catch {
    // full or disabled storage: it stays collapsed for as long as the page is open
  }
}
