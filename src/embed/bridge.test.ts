import { describe, expect, it } from 'vitest'
import { loadScenario } from '../scenarios/index.ts'
import { loadRuntime } from '../state/runtime.ts'
import { createVmStore } from '../state/store.ts'
import { startEmbedBridge } from './bridge.ts'
import { parseCommand, parseOrigins } from './protocol.ts'

await loadScenario('xen-ring-basics')
await loadRuntime()

describe('parseOrigins', () => {
  it('takes exact http(s) origins, repeated or comma-separated, once each', () => {
    const r = parseOrigins(
      '?embed=1&origin=https://slides.example.org&origin=http://localhost:8000,https://slides.example.org',
    )
    expect(r.allowed).toEqual(['https://slides.example.org', 'http://localhost:8000'])
    expect(r.rejected).toEqual([])
  })

  it('refuses a wildcard, a path, another scheme and garbage, naming each', () => {
    const r = parseOrigins(
      '?origin=*&origin=https://a.example/deck&origin=file:///tmp/x&origin=not a url&origin=https://b.example/',
    )
    expect(r.allowed).toEqual(['https://b.example'])
    expect(r.rejected).toEqual(['*', 'https://a.example/deck', 'file:///tmp/x', 'not a url'])
  })
})

describe('parseCommand', () => {
  it('ignores messages that are not ours', () => {
    expect(parseCommand('next')).toBeNull()
    expect(parseCommand({ type: 'reveal:slidechanged' })).toBeNull()
    expect(parseCommand(null)).toBeNull()
  })

  it('reads every command', () => {
    for (const data of [
      { type: 'vmscope:command', command: 'next' },
      { type: 'vmscope:command', command: 'step', step: 4 },
      { type: 'vmscope:command', command: 'phase', phase: 'push' },
      { type: 'vmscope:command', command: 'phase', phase: 2 },
      { type: 'vmscope:command', command: 'lang', lang: 'zh' },
    ]) {
      expect(parseCommand(data)).toEqual({ ok: true, command: data })
    }
  })

  it('says what is wrong with a forged command', () => {
    const bad = (data: object) => {
      const r = parseCommand({ type: 'vmscope:command', ...data })
      return r && !r.ok ? r.message : null
    }
    expect(bad({ command: 'step', step: 0 })).toMatch(/^step: /)
    expect(bad({ command: 'step', step: 1.5 })).toMatch(/^step: /)
    expect(bad({ command: 'lang', lang: 'fr' })).toMatch(/^lang: /)
    expect(bad({ command: 'eval', code: 'alert(1)' })).toMatch(/^command: /)
  })
})

/** A window inside an iframe: its parent records what it is sent. */
function fakeFrame(search: string) {
  const sent: { msg: unknown; origin: string }[] = []
  const parent = { postMessage: (msg: unknown, origin: string) => sent.push({ msg, origin }) }
  const listeners: ((e: MessageEvent) => void)[] = []
  const win = {
    location: { search },
    parent,
    addEventListener: (_: string, f: (e: MessageEvent) => void) => listeners.push(f),
    removeEventListener: (_: string, f: (e: MessageEvent) => void) =>
      listeners.splice(listeners.indexOf(f), 1),
  } as unknown as Window
  const receive = (data: unknown, origin: string, source: unknown = parent) => {
    for (const f of listeners) f({ data, origin, source } as MessageEvent)
  }
  return { win, sent, receive }
}

const cmd = (command: string, more: object = {}) => ({ type: 'vmscope:command', command, ...more })

describe('startEmbedBridge', () => {
  const open = (search: string) => {
    const store = createVmStore()
    store.getState().openRoute({ kind: 'scenario', id: 'xen-ring-basics', step: 1 })
    const frame = fakeFrame(search)
    const stop = startEmbedBridge(store, frame.win)
    return { store, ...frame, stop }
  }

  it('tells the allowed parent where it is, then follows its commands', () => {
    const { store, sent, receive } = open('?embed=1&origin=https://deck.example')
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({
      origin: 'https://deck.example',
      msg: { type: 'vmscope:step', scenario: 'xen-ring-basics', step: 1, lang: 'en' },
    })
    const length = store.getState().playback.length
    expect(sent[0]?.msg).toMatchObject({ steps: length, phase: { index: 1 } })

    receive(cmd('next'), 'https://deck.example')
    expect(store.getState().playback.cursor).toBe(1)
    receive(cmd('step', { step: 5 }), 'https://deck.example')
    expect(store.getState().playback.cursor).toBe(4)
    receive(cmd('last'), 'https://deck.example')
    expect(store.getState().playback.cursor).toBe(length - 1)
    receive(cmd('phase', { phase: 2 }), 'https://deck.example')
    const second = sent.at(-1)?.msg as { step: number; phase: { index: number; id: string } }
    expect(second.phase.index).toBe(2)
    receive(cmd('first'), 'https://deck.example')
    receive(cmd('phase', { phase: second.phase.id }), 'https://deck.example')
    expect(store.getState().playback.cursor).toBe(second.step - 1)
    receive(cmd('lang', { lang: 'zh' }), 'https://deck.example')
    expect(store.getState().prefs.lang).toBe('zh')
    expect(sent.at(-1)?.msg).toMatchObject({ lang: 'zh' })
  })

  it('executes nothing from an origin not allowed, and says so once', () => {
    const { store, sent, receive } = open('?embed=1&origin=https://deck.example')
    receive(cmd('next'), 'https://evil.example')
    receive(cmd('next'), 'https://evil.example')
    expect(store.getState().playback.cursor).toBe(0)
    expect(store.getState().notice?.en).toMatch(
      /https:\/\/evil\.example.*ignored.*https:\/\/deck\.example/,
    )
    expect(store.getState().notice?.zh).toMatch(/已被忽略/)
    expect(sent).toHaveLength(1)
  })

  it('with no origin= nobody may drive it, and it posts nothing', () => {
    const { store, sent, receive } = open('?embed=1')
    receive(cmd('next'), 'https://deck.example')
    expect(store.getState().playback.cursor).toBe(0)
    expect(store.getState().notice?.en).toMatch(/no page may/)
    expect(sent).toHaveLength(0)
  })

  it('ignores messages from other frames than its parent', () => {
    const { store, receive } = open('?embed=1&origin=https://deck.example')
    receive(cmd('next'), 'https://deck.example', {})
    expect(store.getState().playback.cursor).toBe(0)
    expect(store.getState().notice).toBeNull()
  })

  it('answers a bad or impossible command with the reason, and moves nothing', () => {
    const { store, sent, receive } = open('?embed=1&origin=https://deck.example')
    receive(cmd('step', { step: 99_999 }), 'https://deck.example')
    receive(cmd('phase', { phase: 'nope' }), 'https://deck.example')
    receive(cmd('jump'), 'https://deck.example')
    expect(store.getState().playback.cursor).toBe(0)
    const errors = sent.filter((s) => (s.msg as { type: string }).type === 'vmscope:error')
    expect(errors.map((e) => (e.msg as { message: string }).message)).toEqual([
      expect.stringMatching(/step 99999 is past the last step/),
      expect.stringMatching(/no phase "nope"/),
      expect.stringMatching(/^command: /),
    ])
    expect(errors.every((e) => e.origin === 'https://deck.example')).toBe(true)
  })

  it('names link origins that are not origins', () => {
    const { store } = open('?embed=1&origin=https://deck.example/slides')
    expect(store.getState().notice?.en).toMatch(/https:\/\/deck\.example\/slides/)
  })

  it('stops listening when stopped', () => {
    const { store, receive, stop, sent } = open('?embed=1&origin=https://deck.example')
    stop()
    receive(cmd('next'), 'https://deck.example')
    expect(store.getState().playback.cursor).toBe(0)
    store.getState().run('next')
    expect(sent).toHaveLength(1)
  })
})
