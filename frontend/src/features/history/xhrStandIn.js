// For tests: an XMLHttpRequest whose upload and answer the test plays out step by step (MSW
// answers an XHR at once, with all of its upload progress in one go). Install it with
// vi.stubGlobal('XMLHttpRequest', XhrStandIn); `XhrStandIn.requests` are the ones made.

function event(type, fields = {}) {
  return Object.assign(new Event(type), fields)
}

export class XhrStandIn {
  static requests = []

  static get last() {
    return XhrStandIn.requests.at(-1)
  }

  static reset() {
    XhrStandIn.requests = []
  }

  constructor() {
    this.events = new EventTarget()
    this.upload = new EventTarget()
    this.status = 0
    this.statusText = ''
    this.responseText = ''
    this.aborted = false
    XhrStandIn.requests.push(this)
  }

  open(method, url) {
    this.method = method
    this.url = url
  }

  send(body) {
    this.body = body
  }

  abort() {
    this.aborted = true
    this.events.dispatchEvent(event('abort'))
  }

  addEventListener(type, listener) {
    this.events.addEventListener(type, listener)
  }

  removeEventListener(type, listener) {
    this.events.removeEventListener(type, listener)
  }

  // What the test plays:

  progress(loaded, total = null) {
    this.upload.dispatchEvent(event('progress', { loaded, total: total ?? 0, lengthComputable: total != null }))
  }

  uploaded() {
    this.upload.dispatchEvent(event('load'))
  }

  respond(status, body, statusText = '') {
    this.status = status
    this.statusText = statusText
    this.responseText = typeof body === 'string' ? body : JSON.stringify(body)
    this.events.dispatchEvent(event('load'))
  }

  fail() {
    this.events.dispatchEvent(event('error'))
  }
}
