import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { backend, finishLoads, holdCatalogs, releaseCatalogs } from '../../test/backend'
import { CATALOG, EXCHANGE, openWith, picker } from '../../test/fixtures'
import { renderApp } from '../../test/render'
import { api } from '../../services/api'

const dialog = () => screen.getByRole('dialog', { name: 'Models' })
const row = (name) => within(dialog()).getByText(name).closest('li')
const loadBodies = () => backend.bodies.filter(([path]) => path === 'POST /api/models/load').map(([, body]) => body)

async function openModels() {
  backend.catalog = structuredClone(CATALOG)
  const view = await openWith(EXCHANGE)
  const manage = await screen.findByRole('button', { name: 'Manage models' })
  await view.user.click(manage)
  await screen.findByRole('dialog', { name: 'Models' })
  return { ...view, manage }
}

describe('the models dialog', () => {
  it('lists the chat models, asked fresh as it opens, with size, quantization and state', async () => {
    await openModels()
    await waitFor(() => expect(backend.requests.filter((r) => r === 'GET /api/models/catalog').length).toBeGreaterThan(1))
    const qwen = row('Qwen3 8B')
    expect(qwen).toHaveTextContent('8B · 5.0 GB · Q4_K_M')
    expect(qwen).toHaveTextContent('Loaded · 8,192 tokens')
    expect(within(qwen).getByRole('button', { name: 'Eject Qwen3 8B' })).toBeInTheDocument()
    const gemma = row('Gemma 3 12B')
    expect(gemma).toHaveTextContent('12B · 12.4 GB · Q8_0')
    expect(gemma).toHaveTextContent('Not loaded · up to 131,072 tokens')
    expect(within(gemma).getByRole('button', { name: 'Load Gemma 3 12B' })).toBeInTheDocument()
    expect(within(dialog()).queryByText(/nomic-embed/)).toBeNull()
  })

  it('is keyboard accessible: Escape closes it and focus returns to its button', async () => {
    const { user, manage } = await openModels()
    expect(within(dialog()).getByRole('button', { name: 'Close' })).toHaveFocus()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(manage).toHaveFocus()
  })

  it('loads with a chosen context length, counting the seconds, then says the window LM Studio gave', async () => {
    backend.modelLoading.hold = true
    const { user } = await openModels()
    const gemma = row('Gemma 3 12B')
    await user.type(within(gemma).getByLabelText('Context length for Gemma 3 12B'), '16384')
    await user.click(within(gemma).getByRole('button', { name: 'Load Gemma 3 12B' }))
    // Said once; the seconds count beside it, seen but not read out each second.
    expect(await within(gemma).findByRole('status')).toHaveTextContent(/^Loading Gemma 3 12B…$/)
    expect(await within(gemma).findByText(/^Loading… \d+ s$/)).toHaveAttribute('aria-hidden', 'true')
    const load = within(gemma).getByRole('button', { name: 'Load Gemma 3 12B' })
    expect(load).toHaveAttribute('aria-disabled', 'true') // not twice
    await user.click(load)
    expect(within(row('Qwen3 8B')).getByRole('button', { name: 'Eject Qwen3 8B' })).toBeEnabled() // the rest stays usable
    await waitFor(() => expect(loadBodies()).toEqual([{ model: 'gemma-3-12b', context_length: 16384 }]))
    // Keyboard focus stayed in the row, on Load, while it cannot be used.
    expect(load).toHaveFocus()
    finishLoads()
    expect(await within(row('Gemma 3 12B')).findByText('Loaded with 16,384 tokens')).toBeInTheDocument()
    // The catalog was asked again: the row, and the picker, show it loaded.
    expect(await within(row('Gemma 3 12B')).findByText('Loaded · 16,384 tokens')).toBeInTheDocument()
    expect(within(row('Gemma 3 12B')).getByRole('button', { name: 'Eject Gemma 3 12B' })).toBeInTheDocument()
    await user.keyboard('{Escape}')
    const loaded = within(picker()).getByRole('group', { name: 'Loaded' })
    expect(within(loaded).getByRole('option', { name: /gemma-3-12b · 16K context/ })).toBeInTheDocument()
  })

  it('loads with LM Studio’s default when no length is chosen; one it would refuse is said at once', async () => {
    const { user } = await openModels()
    const gemma = row('Gemma 3 12B')
    const length = within(gemma).getByLabelText('Context length for Gemma 3 12B')
    expect(within(gemma).getByText('Context length', { selector: 'label' }).control).toBe(length) // seen, and the field's
    expect(length).toHaveAttribute('placeholder', 'LM Studio’s default')
    await user.type(length, '200000')
    expect(within(gemma).getByText(/at most 131,072 tokens/)).toBeInTheDocument()
    expect(within(gemma).getByRole('button', { name: 'Load Gemma 3 12B' })).toHaveAttribute('aria-disabled', 'true')
    await user.click(within(gemma).getByRole('button', { name: 'Load Gemma 3 12B' }))
    expect(loadBodies()).toEqual([]) // said, not sent
    await user.clear(length)
    await user.type(length, '100')
    expect(within(gemma).getByText(/at least 512/)).toBeInTheDocument()
    await user.clear(length)
    await user.click(within(gemma).getByRole('button', { name: 'Load Gemma 3 12B' }))
    expect(await within(row('Gemma 3 12B')).findByText('Loaded with 4,096 tokens')).toBeInTheDocument()
    expect(loadBodies()).toEqual([{ model: 'gemma-3-12b' }])
  })

  it('ejects a loaded model and shows it not loaded', async () => {
    const { user } = await openModels()
    await user.click(within(row('Qwen3 8B')).getByRole('button', { name: 'Eject Qwen3 8B' }))
    expect(await within(row('Qwen3 8B')).findByText('Not loaded · up to 32,768 tokens')).toBeInTheDocument()
    expect(backend.bodies).toContainEqual(['POST /api/models/unload', { instance_id: 'qwen3-8b' }])
    // Focus that was on Eject goes to Load, which took its place: Escape still closes the dialog.
    expect(within(row('Qwen3 8B')).getByRole('button', { name: 'Load Qwen3 8B' })).toHaveFocus()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('offers no second Eject until the catalog, asked again, says the model is gone', async () => {
    const { user } = await openModels()
    const catalogAsks = () => backend.requests.filter((r) => r === 'GET /api/models/catalog').length
    await waitFor(() => expect(catalogAsks()).toBeGreaterThan(1)) // asked fresh as it opened
    const asked = catalogAsks()
    holdCatalogs()
    const eject = within(row('Qwen3 8B')).getByRole('button', { name: 'Eject Qwen3 8B' })
    await user.click(eject)
    // LM Studio ejected it and the catalog is being asked again: the older catalog still lists the
    // instance, and a second press would only be told it is not loaded.
    await waitFor(() => expect(catalogAsks()).toBe(asked + 1))
    expect(eject).toHaveAttribute('aria-disabled', 'true')
    expect(eject).toHaveFocus()
    await user.click(eject)
    expect(backend.bodies.filter(([path]) => path === 'POST /api/models/unload')).toHaveLength(1)
    releaseCatalogs()
    // The focus follows in an effect after the row re-renders: waited for, not read at once.
    const load = await within(row('Qwen3 8B')).findByRole('button', { name: 'Load Qwen3 8B' })
    await waitFor(() => expect(load).toHaveFocus())
  })

  it('offers Eject per instance when a model is loaded more than once', async () => {
    backend.catalog = structuredClone(CATALOG)
    backend.catalog[0].instances.push({ id: 'qwen3-8b:2', context_length: 4096 })
    const { user } = await openWith(EXCHANGE)
    await user.click(await screen.findByRole('button', { name: 'Manage models' }))
    await user.click(within(row('Qwen3 8B')).getByRole('button', { name: 'Eject qwen3-8b:2' }))
    await waitFor(() => expect(backend.bodies).toContainEqual(['POST /api/models/unload', { instance_id: 'qwen3-8b:2' }]))
    await waitFor(() => expect(within(row('Qwen3 8B')).queryByRole('button', { name: 'Eject qwen3-8b:2' })).toBeNull())
    expect(within(row('Qwen3 8B')).getByRole('button', { name: 'Eject Qwen3 8B' })).toBeInTheDocument()
  })

  it('says LM Studio’s own words when it refuses a load, and stays usable', async () => {
    backend.modelLoading.refuse = 'Failed to load model: not enough memory'
    const { user } = await openModels()
    await user.click(within(row('Gemma 3 12B')).getByRole('button', { name: 'Load Gemma 3 12B' }))
    const refusal = await within(row('Gemma 3 12B')).findByText('LM Studio could not load gemma-3-12b: Failed to load model: not enough memory')
    expect(refusal.closest('[role="alert"]')).not.toBeNull() // read out as it appears
    expect(within(row('Gemma 3 12B')).getByRole('button', { name: 'Load Gemma 3 12B' })).toHaveAttribute('aria-disabled', 'false')
    backend.modelLoading.refuse = null
    await user.click(within(row('Gemma 3 12B')).getByRole('button', { name: 'Load Gemma 3 12B' }))
    expect(await within(row('Gemma 3 12B')).findByText('Loaded with 4,096 tokens')).toBeInTheDocument()
    expect(within(row('Gemma 3 12B')).queryByText(/not enough memory/)).toBeNull()
  })

  it('on a server without LM Studio’s native API says so once and offers neither Load nor Eject', async () => {
    backend.modelLoading.unsupported = true
    const { user } = await openModels()
    await user.click(within(row('Gemma 3 12B')).getByRole('button', { name: 'Load Gemma 3 12B' }))
    expect(await within(dialog()).findAllByText(/older than 0.4 and cannot load or eject models/)).toHaveLength(1)
    expect(within(dialog()).queryByRole('button', { name: /^Load / })).toBeNull()
    expect(within(dialog()).queryByRole('button', { name: /^Eject / })).toBeNull()
    expect(row('Qwen3 8B')).toHaveTextContent('Loaded · 8,192 tokens')
  })

  // The backend's sentence from health (lm_studio.cannot_load_models), word for word: the page
  // has none of its own.
  it.each([
    [
      'an older LM Studio',
      'v0',
      'The LM Studio at http://localhost:1234/v1 is older than 0.4 and cannot load or eject models for other apps. Load the model in LM Studio itself, or update LM Studio.',
    ],
    [
      'a server that is not LM Studio',
      'none',
      "The server at http://localhost:1234/v1 is not LM Studio (it has no LM Studio native API), so models cannot be loaded or ejected from here. Use that server's own way to load them.",
    ],
  ])('knows from the health check that %s cannot load models, before anything is tried', async (_, nativeApi, sentence) => {
    backend.health.nativeApi = nativeApi
    await openModels()
    expect((await within(dialog()).findByRole('note')).textContent).toBe(sentence)
    expect(within(dialog()).queryByRole('button', { name: /^Load / })).toBeNull()
    expect(within(dialog()).queryByRole('button', { name: /^Eject / })).toBeNull()
    expect(backend.requests.filter((r) => r.startsWith('POST /api/models/'))).toEqual([])
  })

  it('says when LM Studio went away mid-load, and offers Load again', async () => {
    backend.modelLoading.gone =
      'LM Studio stopped answering while trying to load gemma-3-12b: it may have run out of memory or been closed. Look at LM Studio (start its server again if it stopped), then try again.'
    const { user } = await openModels()
    await user.click(within(row('Gemma 3 12B')).getByRole('button', { name: 'Load Gemma 3 12B' }))
    const said = await within(row('Gemma 3 12B')).findByText(/stopped answering while trying to load gemma-3-12b/)
    expect(said.closest('[role="alert"]')).not.toBeNull()
    expect(within(row('Gemma 3 12B')).getByRole('button', { name: 'Load Gemma 3 12B' })).toHaveAttribute('aria-disabled', 'false')
    expect(within(row('Gemma 3 12B')).getByRole('status')).toHaveTextContent('')
  })

  it('says the backend’s sentence when that model is already being loaded elsewhere, and offers Load again', async () => {
    backend.modelLoading.hold = true
    const { user } = await openModels()
    // Another tab (or another app on this backend) is loading Gemma.
    const elsewhere = api.loadModel('gemma-3-12b')
    await waitFor(() => expect(backend.modelLoading.inFlight.has('gemma-3-12b')).toBe(true))
    await user.click(within(row('Gemma 3 12B')).getByRole('button', { name: 'Load Gemma 3 12B' }))
    const said = await within(row('Gemma 3 12B')).findByText('gemma-3-12b is already being loaded; it can be used once that load ends.')
    expect(said.closest('[role="alert"]')).not.toBeNull()
    expect(within(row('Gemma 3 12B')).getByRole('button', { name: 'Load Gemma 3 12B' })).toHaveAttribute('aria-disabled', 'false')
    finishLoads()
    await elsewhere
  })

  it('says why an eject failed under the model, and offers Eject again', async () => {
    backend.modelLoading.refuseEject = 'the model is busy.'
    const { user } = await openModels()
    const eject = within(row('Qwen3 8B')).getByRole('button', { name: 'Eject Qwen3 8B' })
    await user.click(eject)
    const said = await within(row('Qwen3 8B')).findByText('LM Studio could not eject qwen3-8b: the model is busy.')
    expect(said.closest('[role="alert"]')).not.toBeNull()
    expect(eject).toHaveAttribute('aria-disabled', 'false')
    expect(eject).toHaveFocus()
    expect(row('Qwen3 8B')).toHaveTextContent('Loaded · 8,192 tokens')
  })

  it('offers no second Load until the catalog, asked again, says what LM Studio has', async () => {
    const { user } = await openModels()
    holdCatalogs()
    await user.click(within(row('Gemma 3 12B')).getByRole('button', { name: 'Load Gemma 3 12B' }))
    expect(await within(row('Gemma 3 12B')).findByText('Loaded with 4,096 tokens')).toBeInTheDocument()
    // The older catalog still says "not loaded": Load is not offered meanwhile; focus is kept.
    expect(within(row('Gemma 3 12B')).queryByRole('button', { name: 'Load Gemma 3 12B' })).toBeNull()
    expect(within(row('Gemma 3 12B')).getByRole('status')).toHaveFocus()
    releaseCatalogs()
    expect(await within(row('Gemma 3 12B')).findByRole('button', { name: 'Eject Gemma 3 12B' })).toBeInTheDocument()
    // Ejected in LM Studio's own app: the next catalog says so, and "Loaded with" goes.
    const gemma = backend.catalog.find((model) => model.id === 'gemma-3-12b')
    Object.assign(gemma, { state: 'not-loaded', context_length: null, instances: [] })
    await user.keyboard('{Escape}')
    await user.click(screen.getByRole('button', { name: 'Manage models' }))
    expect(await within(row('Gemma 3 12B')).findByRole('button', { name: 'Load Gemma 3 12B' })).toBeInTheDocument()
    expect(within(row('Gemma 3 12B')).queryByText(/Loaded with/)).toBeNull()
  })

  it('forgets "Loaded with N tokens" once LM Studio’s own app ejected the model, should it be loaded again', async () => {
    const { user } = await openModels()
    const reopen = async () => {
      await user.keyboard('{Escape}')
      await user.click(screen.getByRole('button', { name: 'Manage models' }))
    }
    await user.type(within(row('Gemma 3 12B')).getByLabelText('Context length for Gemma 3 12B'), '16384')
    await user.click(within(row('Gemma 3 12B')).getByRole('button', { name: 'Load Gemma 3 12B' }))
    expect(await within(row('Gemma 3 12B')).findByRole('button', { name: 'Eject Gemma 3 12B' })).toBeInTheDocument()
    expect(within(row('Gemma 3 12B')).getByRole('status')).toHaveTextContent('Loaded with 16,384 tokens')
    // Ejected in LM Studio's own app; the dialog, opened again, asks the catalog.
    const gemma = backend.catalog.find((model) => model.id === 'gemma-3-12b')
    Object.assign(gemma, { state: 'not-loaded', context_length: null, instances: [] })
    await reopen()
    expect(await within(row('Gemma 3 12B')).findByRole('button', { name: 'Load Gemma 3 12B' })).toBeInTheDocument()
    // Loaded again some other way (a reply, LM Studio's app) with LM Studio's default window: the
    // row says that window, not the one of the load it forgot.
    Object.assign(gemma, { state: 'loaded', context_length: 4096, instances: [{ id: 'gemma-3-12b', context_length: 4096 }] })
    await reopen()
    expect(await within(row('Gemma 3 12B')).findByText('Loaded · 4,096 tokens')).toBeInTheDocument()
    expect(within(row('Gemma 3 12B')).queryByText(/Loaded with/)).toBeNull()
  })

  it('offers Load again when the catalog cannot be asked after a load', async () => {
    const { user } = await openModels()
    backend.catalogFails = true
    await user.click(within(row('Gemma 3 12B')).getByRole('button', { name: 'Load Gemma 3 12B' }))
    await waitFor(() => expect(loadBodies()).toEqual([{ model: 'gemma-3-12b' }]))
    // The catalog it has is older than the load: the page cannot tell, so it does not hold Load back.
    await waitFor(() => expect(within(row('Gemma 3 12B')).getByRole('button', { name: 'Load Gemma 3 12B' })).toHaveAttribute('aria-disabled', 'false'))
  })

  it('is there on a phone too, beside the picker under the title', async () => {
    // jsdom has no matchMedia (the page then lays out for a wide screen): a phone's answers.
    window.matchMedia = (query) => ({ matches: false, media: query, addEventListener() {}, removeEventListener() {} })
    try {
      backend.catalog = structuredClone(CATALOG)
      const { user } = renderApp()
      const manage = await screen.findByRole('button', { name: 'Manage models' })
      expect(manage.parentElement).toContainElement(picker())
      await user.click(manage)
      expect(await within(dialog()).findByRole('button', { name: 'Load Gemma 3 12B' })).toBeInTheDocument()
    } finally {
      delete window.matchMedia
    }
  })
})
