// @vitest-environment jsdom
// Start-up and link following, with hostile links and without storage.
import { afterEach, describe, expect, it } from 'vitest'
import { loadScenario } from '../scenarios/index.ts'
import { loadRuntime } from './runtime.ts'
import { readStored, safeStorage, writeStored } from './safeStorage.ts'
import { createVmStore } from './store.ts'
import { startUrlSync } from './urlSync.ts'

await loadScenario('three-address-spaces')
await loadRuntime()

/** Just what startUrlSync touches of a window; `storage` is what reading localStorage does. */
function fakeWindow(hash: string, storage: () => Storage) {
  const listeners = new Map<string, () => void>()
  const win = {
    location: { hash, search: '' },
    history: {
      state: null,
      replaceState: (_s: unknown, _t: string, h: string) => (win.location.hash = h),
    },
    addEventListener: (type: string, f: () => void) => listeners.set(type, f),
    removeEventListener: (type: string) => listeners.delete(type),
    get localStorage(): Storage {
      return storage()
    },
  }
  /** Follows a link as a click would: a new hash, then hashchange. */
  const follow = (h: string): void => {
    win.location.hash = h
    listeners.get('hashchange')?.()
  }
  return { win: win as unknown as Window, follow }
}

const denied = (): Storage => {
  throw new DOMException('denied', 'SecurityError')
}

describe('a damaged link', () => {
  it('opened fresh shows the "cannot be read" error, not a blank page', () => {
    const store = createVmStore()
    const { win } = fakeWindow('#/three-address-spaces/1/z', () => window.localStorage)
    expect(() => startUrlSync(store, win)).not.toThrow()
    expect(store.getState().view).toMatchObject({
      kind: 'error',
      error: { code: 'bad-lines', id: 'three-address-spaces' },
    })
  })

  it('reached by a link click replaces the old scenario with the error', () => {
    const store = createVmStore()
    const { win, follow } = fakeWindow('#/three-address-spaces/2', () => window.localStorage)
    startUrlSync(store, win)
    expect(store.getState().view.kind).toBe('player')
    expect(() => follow('#/three-address-spaces/1/z')).not.toThrow()
    expect(store.getState().view).toMatchObject({ kind: 'error', error: { code: 'bad-lines' } })
  })
})

describe('without localStorage (a sandboxed iframe)', () => {
  const own = Object.getOwnPropertyDescriptor(window, 'localStorage')
  afterEach(() => {
    if (own) Object.defineProperty(window, 'localStorage', own)
    else delete (window as { localStorage?: Storage }).localStorage
  })

  it('url sync starts and saving preferences does nothing instead of throwing', () => {
    const store = createVmStore()
    const { win } = fakeWindow('#/three-address-spaces/1', denied)
    expect(() => startUrlSync(store, win)).not.toThrow()
    expect(() => store.getState().setLang('zh')).not.toThrow()
    expect(store.getState().prefs.lang).toBe('zh')
  })

  it('start-up reads no preferences and runs on', async () => {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('denied', 'SecurityError')
      },
    })
    expect(() => window.localStorage).toThrow()
    const { bootStore } = await import('./boot.ts')
    const store = createVmStore()
    window.location.hash = '#/three-address-spaces/1'
    expect(() => bootStore(store, window)).not.toThrow()
    expect(store.getState().view.kind).toBe('player')
    expect(() => store.getState().setTheme('dark')).not.toThrow()
  })

  it('the helpers answer "no storage" whether the getter, getItem or setItem throws', () => {
    const throwing = { getItem: denied, setItem: denied } as unknown as Storage
    for (const win of [
      {
        get localStorage() {
          return denied()
        },
      },
      { localStorage: throwing },
    ]) {
      expect(readStored('k', win)).toBeNull()
      expect(writeStored('k', 'v', win)).toBe(false)
    }
    expect(
      safeStorage({
        get localStorage() {
          return denied()
        },
      }),
    ).toBeUndefined()
    expect(writeStored('k', 'v', window)).toBe(true)
    expect(readStored('k', window)).toBe('v')
  })
})
