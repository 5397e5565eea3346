// The backend's paths for one conversation and what belongs to it, each part escaped.
export function conversationPath(id, ...parts) {
  return ['/api/conversations', id, ...parts].map((part, index) => (index ? encodeURIComponent(part) : part)).join('/')
}
