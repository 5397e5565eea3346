import { describe, expect, it } from 'vitest'
import { EMPTY_SERVER_FORM, serverFromForm } from './serverForm'

const form = (fields) => ({ ...EMPTY_SERVER_FORM, ...fields })

describe('a server from the form', () => {
  it('takes a command, its arguments one per line and KEY=VALUE environment lines', () => {
    const built = serverFromForm(form({ name: ' time ', command: 'uvx', args: 'mcp-server-time\n\n--local-timezone=Europe/Paris', env: 'TZ=Europe/Paris\nA=b=c' }))
    expect(built.server).toEqual({ name: 'time', command: 'uvx', args: ['mcp-server-time', '--local-timezone=Europe/Paris'], env: { TZ: 'Europe/Paris', A: 'b=c' } })
  })

  it('takes a URL and "Name: value" header lines', () => {
    const built = serverFromForm(form({ kind: 'http', name: 'search', url: 'https://tools.example/mcp', headers: 'Authorization: Bearer x:y' }))
    expect(built.server).toEqual({ name: 'search', url: 'https://tools.example/mcp', headers: { Authorization: 'Bearer x:y' } })
  })

  it('says what is missing or malformed', () => {
    expect(serverFromForm(form({ command: 'uvx' })).error).toBe('Give the server a name.')
    expect(serverFromForm(form({ name: 'a' })).error).toBe('Say which command starts the server.')
    expect(serverFromForm(form({ name: 'a', command: 'x', env: 'NOVALUE' })).error).toMatch(/KEY=VALUE; “NOVALUE” is not/)
    expect(serverFromForm(form({ kind: 'http', name: 'a', url: 'tools.example' })).error).toMatch(/http:\/\//)
  })
})
