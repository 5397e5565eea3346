import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { backend, mcpServer, mcpTool } from '../../test/backend'
import { renderApp } from '../../test/render'

const patches = () => backend.bodies.filter(([path]) => path.startsWith('PATCH /api/mcp/servers/'))

async function openPanel({ servers = [] } = {}) {
  backend.mcpServers = servers
  const view = renderApp()
  await view.user.click(await screen.findByRole('button', { name: 'Defaults & presets' }))
  const dialog = await screen.findByRole('dialog', { name: 'Defaults & presets' })
  await view.user.click(within(dialog).getByRole('tab', { name: 'MCP servers' }))
  return { ...view, dialog }
}

const row = (dialog, name) => within(dialog).getByRole('listitem', { name })

describe('the MCP servers panel', () => {
  it('lists each server with its status, why it failed, where it comes from and its tools’ approvals', async () => {
    const box = mcpServer({ name: 'box', source: 'file', url: 'http://127.0.0.1:9/mcp', header_names: ['X-Api-Key'], tools: [mcpTool('echo'), mcpTool('fail', 'never')] })
    const broken = mcpServer({ name: 'broken', command: 'nope', args: ['--x'], env_names: ['TOKEN'], status: 'failed', error: 'The command nope was not found.' })
    const { dialog } = await openPanel({ servers: [box, broken] })
    const boxRow = await within(dialog).findByRole('listitem', { name: 'box' })
    expect(boxRow).toHaveTextContent('Connected')
    expect(boxRow).toHaveTextContent('http://127.0.0.1:9/mcp · headers X-Api-Key')
    expect(boxRow).toHaveTextContent('From the MCP config file')
    expect(within(boxRow).queryByRole('button', { name: 'Delete box' })).toBeNull()
    expect(within(boxRow).getByLabelText('Approval for echo')).toHaveValue('ask')
    expect(within(boxRow).getByLabelText('Approval for fail')).toHaveValue('never')
    const brokenRow = row(dialog, 'broken')
    expect(brokenRow).toHaveTextContent('Failed')
    expect(brokenRow).toHaveTextContent('The command nope was not found.')
    expect(brokenRow).toHaveTextContent('nope --x · env TOKEN')
  })

  it('tries a failed server again in one click', async () => {
    const broken = mcpServer({ name: 'broken', status: 'failed', error: 'uvx exited: boom' })
    const { dialog, user } = await openPanel({ servers: [broken] })
    await user.click(await within(dialog).findByRole('button', { name: 'Try again' }))
    await waitFor(() => expect(row(dialog, 'broken')).toHaveTextContent('Connected'))
    expect(patches().map(([, body]) => body)).toEqual([{ enabled: true }])
    expect(within(row(dialog, 'broken')).queryByRole('button', { name: 'Try again' })).toBeNull()
  })

  it('switches a server off and on, and sets a tool’s approval', async () => {
    const box = mcpServer({ name: 'box', tools: [mcpTool('echo')] })
    const { dialog, user } = await openPanel({ servers: [box] })
    const use = await within(dialog).findByRole('switch', { name: 'Use box' })
    expect(use).toHaveAttribute('aria-checked', 'true')
    await user.click(use)
    await waitFor(() => expect(use).toHaveAttribute('aria-checked', 'false'))
    expect(row(dialog, 'box')).toHaveTextContent('Off')
    expect(within(row(dialog, 'box')).getByLabelText('Approval for echo')).toBeDisabled() // its tools are not known while off
    await user.click(use)
    await waitFor(() => expect(row(dialog, 'box')).toHaveTextContent('Connected'))
    await user.selectOptions(within(row(dialog, 'box')).getByLabelText('Approval for echo'), 'always')
    await waitFor(() => expect(within(row(dialog, 'box')).getByLabelText('Approval for echo')).toHaveValue('always'))
    expect(patches().map(([, body]) => body)).toEqual([{ enabled: false }, { enabled: true }, { tools: { echo: { approval: 'always' } } }])
  })

  it('adds a command server, its environment values sent once and never shown, and follows it while it starts', async () => {
    const { dialog, user } = await openPanel()
    expect(await within(dialog).findByText(/No MCP servers yet/)).toBeInTheDocument()
    const form = within(dialog).getByRole('form', { name: 'Add an MCP server' })
    await user.type(within(form).getByLabelText('Name'), 'time')
    await user.type(within(form).getByLabelText('Command'), 'uvx')
    await user.type(within(form).getByLabelText(/Arguments/), 'mcp-server-time')
    await user.type(within(form).getByLabelText(/Environment/), 'TZ=Europe/Paris')
    await user.click(within(form).getByRole('button', { name: 'Add server' }))
    expect(await within(form).findByText('Added “time”; it is starting.')).toBeInTheDocument()
    expect(backend.bodies).toContainEqual(['POST /api/mcp/servers', { name: 'time', command: 'uvx', args: ['mcp-server-time'], env: { TZ: 'Europe/Paris' } }])
    expect(within(form).getByLabelText(/Environment/)).toHaveValue('') // the value is the backend's now
    const timeRow = row(dialog, 'time')
    expect(timeRow).toHaveTextContent('Starting…')
    expect(timeRow).toHaveTextContent('uvx mcp-server-time · env TZ')
    expect(timeRow).not.toHaveTextContent('Europe/Paris')
    // Asked again while it starts.
    Object.assign(backend.mcpServers[0], { status: 'connected', tools: [mcpTool('get_current_time')] })
    await waitFor(() => expect(row(dialog, 'time')).toHaveTextContent('Connected'))
    expect(within(row(dialog, 'time')).getByLabelText('Approval for get_current_time')).toHaveValue('ask')
  })

  it('adds a URL server with headers, and says why it cannot add one', async () => {
    const { dialog, user } = await openPanel({ servers: [mcpServer({ name: 'box' })] })
    const form = within(dialog).getByRole('form', { name: 'Add an MCP server' })
    await user.click(within(form).getByLabelText('A URL (Streamable HTTP)'))
    await user.type(within(form).getByLabelText('Name'), 'BOX')
    await user.type(within(form).getByLabelText('URL'), 'http://127.0.0.1:9/mcp')
    await user.type(within(form).getByLabelText(/Headers/), 'X-Api-Key: secret')
    await user.click(within(form).getByRole('button', { name: 'Add server' }))
    expect(await within(form).findByRole('alert')).toHaveTextContent("An MCP server named 'BOX' already exists.")
    await user.clear(within(form).getByLabelText('Name'))
    await user.type(within(form).getByLabelText('Name'), 'search')
    await user.click(within(form).getByRole('button', { name: 'Add server' }))
    expect(await within(form).findByText('Added “search”; it is starting.')).toBeInTheDocument()
    expect(backend.bodies).toContainEqual(['POST /api/mcp/servers', { name: 'search', url: 'http://127.0.0.1:9/mcp', headers: { 'X-Api-Key': 'secret' } }])
  })

  it('deletes a server added here once asked, the focus staying in the dialog throughout', async () => {
    const { dialog, user } = await openPanel({ servers: [mcpServer({ name: 'box' })] })
    await user.click(await within(dialog).findByRole('button', { name: 'Delete box' }))
    const asking = within(dialog).getByRole('group', { name: 'Delete box?' })
    // The question takes the focus on its harmless choice; Cancel gives it back to Delete….
    expect(within(asking).getByRole('button', { name: 'Cancel' })).toHaveFocus()
    await user.keyboard('{Enter}')
    expect(backend.mcpServers).toHaveLength(1)
    expect(within(dialog).getByRole('button', { name: 'Delete box' })).toHaveFocus()
    await user.keyboard('{Enter}')
    await user.click(within(within(dialog).getByRole('group', { name: 'Delete box?' })).getByRole('button', { name: 'Delete' }))
    await waitFor(() => expect(within(dialog).queryByRole('listitem', { name: 'box' })).toBeNull())
    expect(backend.mcpServers).toHaveLength(0)
    expect(dialog.contains(document.activeElement)).toBe(true)
  })
})
