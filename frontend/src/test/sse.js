// A Server-Sent Events body the test controls: send events when it wants, end it how it wants.
const encoder = new TextEncoder()

export function encodeEvent(event, data) {
  return `event: ${event}\r\ndata: ${JSON.stringify(data)}\r\n\r\n`
}

export function controllableStream() {
  let controller
  const stream = new ReadableStream({
    start(c) {
      controller = c
    },
  })
  let closed = false
  const push = (text) => {
    if (!closed) controller.enqueue(encoder.encode(text))
  }
  return {
    stream,
    push,
    send(event, data) {
      push(encodeEvent(event, data))
    },
    close() {
      if (!closed) {
        closed = true
        controller.close()
      }
    },
    fail() {
      if (!closed) {
        closed = true
        controller.error(new TypeError('network error'))
      }
    },
  }
}

/** A response body that delivers `text` in pieces of `size` bytes (1 = byte by byte). */
export function chunkedBody(text, size = 1) {
  const bytes = encoder.encode(text)
  let offset = 0
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close()
        return
      }
      controller.enqueue(bytes.slice(offset, offset + size))
      offset += size
    },
  })
}
