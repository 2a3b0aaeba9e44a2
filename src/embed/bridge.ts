// Lets a parent page (a slide deck) drive an embedded view with postMessage, and tells it where
// the view is. Loaded only in embed mode (main.tsx), so the first screen does not carry it.
import type { StoreApi } from 'zustand/vanilla'
import type { Localized } from '../console/index.ts'
import { chapterIndexAt, selectChapters } from '../state/chapters.ts'
import type { VmStore } from '../state/store.ts'
import type { Lang } from '../state/url.ts'
import { loadLang } from '../i18n/index.ts'
import {
  type EmbedCommand,
  type ErrorMessage,
  PROTOCOL_VERSION,
  type StepMessage,
  parseCommand,
  parseOrigins,
} from './protocol.ts'

/** Where the view is, as the parent is told (null: no scenario open). */
export function stepMessage(s: VmStore): StepMessage | null {
  if (s.view.kind !== 'player') return null
  const chapters = selectChapters(s)
  const i = chapterIndexAt(chapters, s.playback.cursor)
  const c = chapters[i]
  return {
    type: 'vmscope:step',
    version: PROTOCOL_VERSION,
    scenario: s.view.scenario.id,
    title: s.view.scenario.title[s.prefs.lang],
    step: s.playback.cursor + 1,
    steps: s.playback.length,
    phase: c
      ? { id: c.id, index: i + 1, count: chapters.length, title: c.title[s.prefs.lang] }
      : null,
    lang: s.prefs.lang,
  }
}

/** Carries out a command; the error text when it cannot (it is posted back to the sender). */
export function runEmbedCommand(store: StoreApi<VmStore>, cmd: EmbedCommand): string | null {
  const s = store.getState()
  if (cmd.command === 'lang') {
    s.setLang(cmd.lang)
    return null
  }
  if (s.view.kind !== 'player')
    return `no scenario is open, so "${cmd.command}" has nothing to move`
  switch (cmd.command) {
    case 'step':
      if (cmd.step > s.playback.length)
        return `step ${cmd.step} is past the last step (${s.playback.length})`
      s.seek(cmd.step - 1)
      return null
    case 'phase': {
      const chapters = selectChapters(s)
      const c =
        typeof cmd.phase === 'number'
          ? chapters[cmd.phase - 1]
          : chapters.find((ch) => ch.id === cmd.phase)
      if (!c) {
        const ids = chapters.map((ch) => ch.id).join(', ')
        return `no phase ${JSON.stringify(cmd.phase)} (this scenario has ${chapters.length}: ${ids})`
      }
      s.seek(c.first)
      return null
    }
    default:
      s.run(cmd.command)
      return null
  }
}

const refusedText = (origin: string, allowed: readonly string[]): Localized => ({
  en:
    `A page at ${origin} tried to control this view and was ignored: ` +
    (allowed.length === 0
      ? 'no page may (the link has no origin=).'
      : `only ${allowed.join(', ')} may (origin= in the link).`),
  zh:
    `来自${origin}的页面试图控制此视图，已被忽略：` +
    (allowed.length === 0
      ? '链接中没有“origin=”，任何页面都不能控制。'
      : `只有${allowed.join('、')}可以（链接中的“origin=”）。`),
})

const badOriginText = (bad: readonly string[]): Localized => ({
  en: `This link's origin= has values that are not origins and were ignored: ${bad.join(', ')} (write them as \`https://host\` or \`https://host:port\`).`,
  zh: `链接中的“origin=”有几项不是来源，已被忽略：${bad.join('、')}（应写作\`https://host\`或\`https://host:port\`）。`,
})

/**
 * Starts listening. Commands count only from the parent window and an allowed origin; the
 * parent is told each new place (scenario, step, language). Returns what stops it.
 */
export function startEmbedBridge(store: StoreApi<VmStore>, win: Window = window): () => void {
  const { allowed, rejected } = parseOrigins(win.location.search)
  if (rejected.length > 0) store.getState().setNotice(badOriginText(rejected))
  const parent = win.parent !== win ? win.parent : null
  // Where the browser says who the parent is (Chromium, Safari), post only to it: posting to
  // another origin would be dropped anyway, with an error in the console.
  const parentOrigin = win.location.ancestorOrigins?.[0]
  const targets = parentOrigin ? allowed.filter((o) => o === parentOrigin) : allowed
  const post = (msg: StepMessage | ErrorMessage, origin?: string): void => {
    if (!parent) return
    // postMessage drops a message whose target origin is not the parent's: nothing leaks.
    for (const o of origin ? [origin] : targets) parent.postMessage(msg, o)
  }

  const warned = new Set<string>()
  const onMessage = (e: MessageEvent): void => {
    if (parent === null || e.source !== parent) return
    const parsed = parseCommand(e.data)
    if (parsed === null) return
    if (!allowed.includes(e.origin)) {
      if (!warned.has(e.origin)) {
        warned.add(e.origin)
        store.getState().setNotice(refusedText(e.origin, allowed))
      }
      return
    }
    const error = parsed.ok ? runEmbedCommand(store, parsed.command) : parsed.message
    if (error !== null)
      post({ type: 'vmscope:error', version: PROTOCOL_VERSION, message: error }, e.origin)
  }
  win.addEventListener('message', onMessage)

  let last = ''
  let lastLang: Lang | null = null
  const report = (s: VmStore): void => {
    const msg = stepMessage(s)
    if (!msg) return
    const key = JSON.stringify(msg)
    if (key === last) return
    last = key
    post(msg)
    // Titles in another language arrive with its strings: report again once they are here.
    if (msg.lang !== lastLang) {
      lastLang = msg.lang
      loadLang(msg.lang).then(
        () => report(store.getState()),
        () => {},
      )
    }
  }
  report(store.getState())
  const unsubscribe = store.subscribe(report)
  return () => {
    unsubscribe()
    win.removeEventListener('message', onMessage)
  }
}
