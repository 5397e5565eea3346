// Once-per-frame scheduling for streamed text, so a fast reply costs one render per frame, not per token.
export function scheduleFrame(callback) {
  if (typeof window !== 'undefined' && typeof window.requestAnimationFrame === 'function') {
    return { id: window.requestAnimationFrame(callback), raf: true }
  }
  return { id: setTimeout(callback, 16), raf: false }
}

export function cancelFrame(handle) {
  if (!handle) return
  if (handle.raf) window.cancelAnimationFrame(handle.id)
  else clearTimeout(handle.id)
}
