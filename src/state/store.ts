import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleError, Localized, RunResult } from '../console/index.ts'
import { CUSTOM_ID, customScenario } from '../scenarios/custom.ts'
import {
  type Scenario,
  findMeta,
  loadScenario,
  loadedScenario,
  scenarioScript,
} from '../scenarios/index.ts'
import * as pb from './playback.ts'
import { type Runtime, loadRuntime, loadedRuntime } from './runtime.ts'
import {
  type Lang,
  MAX_LINE_LENGTH,
  type QuizMode,
  type Route,
  type UrlError,
  loadedLinkCodec,
} from './url.ts'

export type ScenarioRoute = Extract<Route, { readonly kind: 'scenario' }>

export type Theme = 'system' | 'light' | 'dark'

export type AppError =
  | UrlError
  | { readonly code: 'unknown-scenario'; readonly id: string }
  | {
      readonly code: 'step-out-of-range'
      readonly id: string
      readonly step: number
      readonly max: number
    }
  | { readonly code: 'scenario-failed'; readonly id: string; readonly message: string }
  /** The scenario's body (a lazy chunk) could not be fetched: offline, or a redeploy. */
  | { readonly code: 'load-failed'; readonly id: string; readonly message: string }

/** `#/glossary`: the terms page (not a scenario id: the catalogue has no such id). */
export const GLOSSARY_ID = 'glossary'

export type View =
  | { readonly kind: 'library' }
  | { readonly kind: 'glossary' }
  | {
      readonly kind: 'player'
      readonly scenario: Scenario
      /** Console lines a person added after the scenario's script. */
      readonly extra: readonly string[]
      readonly run: RunResult
    }
  | { readonly kind: 'error'; readonly error: AppError }
  /** A catalogue scenario whose body is still being fetched; `route` opens when it arrives. */
  | { readonly kind: 'loading'; readonly route: ScenarioRoute }

export interface Prefs {
  readonly lang: Lang
  readonly presenter: boolean
  readonly theme: Theme
  readonly embed: boolean
  readonly quiz: QuizMode
}

/**
 * Where the questions are (issue 19). `asked`: the frame index whose question shows while the
 * cursor still sits on the step before it (one press asked it, the next moves there). `given`:
 * the student's answer to the question at frame `index` (self-study), kept while the cursor is
 * on that step or the question is asked.
 */
export interface QuizState {
  readonly asked: number | null
  readonly given: { readonly index: number; readonly value: string; readonly right: boolean } | null
}

export const NO_QUIZ: QuizState = { asked: null, given: null }

export interface VmState {
  readonly view: View
  readonly playback: pb.Playback
  readonly prefs: Prefs
  readonly helpOpen: boolean
  readonly consoleOpen: boolean
  /** The table of contents (chapters menu) is open. */
  readonly chaptersOpen: boolean
  /** A message the page shows until dismissed (the embed bridge's refusals). */
  readonly notice: Localized | null
  readonly quiz: QuizState
}

export type PlaybackCommand = 'next' | 'prev' | 'first' | 'last' | 'play' | 'pause' | 'toggle-play'

/** What adding a console line did: the results it printed, or why nothing changed. */
export type AppendResult =
  | { readonly ok: true; readonly results: RunResult['results'] }
  | { readonly ok: false; readonly error: ConsoleError }

export interface VmActions {
  openRoute(route: Route): void
  /** Runs one more console line after the current script; a bad line changes nothing. */
  appendLine(line: string): AppendResult
  showError(error: AppError): void
  run(cmd: PlaybackCommand): void
  seek(cursor: number): void
  setSpeed(speed: number): void
  tick(dtMs: number): void
  setLang(lang: Lang): void
  setTheme(theme: Theme): void
  setPresenter(on: boolean): void
  setHelpOpen(open: boolean): void
  setConsoleOpen(open: boolean): void
  setChaptersOpen(open: boolean): void
  setNotice(notice: Localized | null): void
  /** Shows the question about frame `index` (null: none) without moving the cursor. */
  askQuestion(index: number | null): void
  /** Records the student's answer to the question about frame `index`. */
  answerQuestion(index: number, value: string, right: boolean): void
  setQuizMode(mode: QuizMode): void
}

export type VmStore = VmState & VmActions

// Scripts run only once the runner has arrived (the store waits for it with the body).
const runScript: Runtime['runScript'] = (source, options) => {
  const rt = loadedRuntime()
  if (!rt) throw new Error('the script runner is not loaded yet')
  return rt.runScript(source, options)
}

// The runner brings the link codec (runtime.ts), so whatever runs a script can use it.
const linkCodec = () => {
  const c = loadedLinkCodec()
  if (!c) throw new Error('the link codec is not loaded yet')
  return c
}

/** The route with its link's lines decoded (codec loaded), or the `bad-lines` error. */
const decoded = (route: ScenarioRoute) => linkCodec().decodeRoute(route)

const panelsOf: Runtime['panelsFor'] = (run) => {
  const rt = loadedRuntime()
  if (!rt) throw new Error('the script runner is not loaded yet')
  return rt.panelsFor(run)
}

// Traces are deterministic, so each scenario is run once per page load.
const runCache = new Map<string, RunResult>()
function scenarioRun(s: Scenario): RunResult {
  let run = runCache.get(s.id)
  if (!run) {
    const { source, phaseOf } = scenarioScript(s)
    run = runScript(source, { phaseOf })
    runCache.set(s.id, run)
  }
  return run
}

/** The scenario's script with added console lines after it, each its own phase. */
function runWithExtra(s: Scenario, extra: readonly string[]): RunResult {
  if (extra.length === 0) return scenarioRun(s)
  const { source, phaseOf } = scenarioScript(s)
  if (source === '') return runScript(extra.join('\n'), { phaseOf: (line) => `console-${line}` })
  const base = source.split('\n').length
  return runScript([source, ...extra].join('\n'), {
    phaseOf: (line) => (line <= base ? phaseOf(line) : `console-${line - base}`),
  })
}

/** How many script lines come before the added lines (a loaded script has none of its own). */
function scriptLines(s: Scenario): number {
  const { source } = scenarioScript(s)
  return source === '' ? 0 : source.split('\n').length
}

/** One more added line, run on from `run` (the scenario's script and `extra` already ran). */
function runAppended(s: Scenario, extra: readonly string[], run: RunResult, line: string) {
  const { phaseOf } = scenarioScript(s)
  const base = scriptLines(s)
  return runScript(line, {
    phaseOf: (l) => (l <= base ? phaseOf(l) : `console-${l - base}`),
    after: { run, lines: base + extra.length },
  })
}

const sameLines = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i])

const PLAYBACK_STEP: Record<PlaybackCommand, (p: pb.Playback) => pb.Playback> = {
  next: pb.next,
  prev: pb.prev,
  first: pb.first,
  last: pb.last,
  play: pb.play,
  pause: pb.pause,
  'toggle-play': (p) => (p.status === 'playing' ? pb.pause(p) : pb.play(p)),
}

export const defaultPrefs: Prefs = {
  lang: 'en',
  presenter: false,
  theme: 'system',
  embed: false,
  quiz: 'class',
}

/**
 * `load` fetches a scenario's body (tests pass a failing one). A scenario whose body is already
 * loaded opens synchronously, as before bodies were lazy; tests preload with loadAllScenarios.
 */
export function createVmStore(
  prefs: Partial<Prefs> = {},
  load: (id: string) => Promise<Scenario | undefined> = loadScenario,
): StoreApi<VmStore> {
  return createStore<VmStore>()((set, get) => {
    // An upper bound of the link's length for these added lines (url.ts checkLinkLines).
    let linkBound: { readonly extra: readonly string[]; readonly length: number } | null = null
    const updatePlayback = (f: (p: pb.Playback) => pb.Playback): void => {
      const cur = get().playback
      const nextP = f(cur)
      if (nextP === cur) return
      const q = get().quiz
      // A move drops an asked question; an answer stays with its own step.
      if (nextP.cursor !== cur.cursor && q !== NO_QUIZ)
        set({
          playback: nextP,
          quiz: q.given?.index === nextP.cursor ? { asked: null, given: q.given } : NO_QUIZ,
        })
      else set({ playback: nextP })
    }
    // Only the route still waiting may open: a later click or Back wins over a slow chunk.
    const stillWaiting = (route: ScenarioRoute): boolean => {
      const v = get().view
      return v.kind === 'loading' && v.route === route
    }
    // The body (none for a loaded script) and the script runner arrive together.
    const fetchThenOpen = (route: ScenarioRoute, custom: boolean): void => {
      set({ view: { kind: 'loading', route }, playback: pb.initialPlayback(0) })
      Promise.all([custom ? null : load(route.id), loadRuntime()]).then(
        ([scenario]) => {
          if (!stillWaiting(route)) return
          if (!custom && !scenario) {
            set({ view: { kind: 'error', error: { code: 'unknown-scenario', id: route.id } } })
            return
          }
          openDecoded(route, scenario ?? null)
        },
        (e: unknown) => {
          if (!stillWaiting(route)) return
          const message = e instanceof Error ? e.message : String(e)
          set({ view: { kind: 'error', error: { code: 'load-failed', id: route.id, message } } })
        },
      )
    }
    /** Decodes the link's lines (runner and codec here), then opens; a damaged link is an error. */
    const openDecoded = (route: ScenarioRoute, known: Scenario | null): void => {
      const r = decoded(route)
      if (!r.ok) set({ view: { kind: 'error', error: r.error }, playback: pb.initialPlayback(0) })
      else openLoaded(r.value, known)
    }
    /** Opens a scenario whose body is here (null = a loaded script, `custom`). */
    const openLoaded = (route: ScenarioRoute, known: Scenario | null): void => {
      const extra = route.extra ?? []
      // A loaded script is only its lines; its panels follow from what they did.
      const run = known ? runWithExtra(known, extra) : runWithExtra(customScenario([]), extra)
      const scenario = known ?? customScenario(panelsOf(run))
      if (run.error) {
        const error = {
          code: 'scenario-failed',
          id: route.id,
          message: run.error.message,
        } as const
        set({ view: { kind: 'error', error } })
        return
      }
      const max = run.trace.frames.length
      const step = route.step ?? 1
      if (step > max) {
        set({
          view: { kind: 'error', error: { code: 'step-out-of-range', id: route.id, step, max } },
        })
        return
      }
      const cur = get()
      // Re-opening the same scenario (the URL echoing our own step) keeps playback running.
      if (
        cur.view.kind === 'player' &&
        cur.view.scenario.id === scenario.id &&
        sameLines(cur.view.extra, extra)
      ) {
        updatePlayback((p) => pb.seek(p, step - 1))
        return
      }
      set({
        view: { kind: 'player', scenario, extra, run },
        playback: { ...pb.initialPlayback(max, step - 1), speed: cur.playback.speed },
        quiz: NO_QUIZ,
      })
    }
    return {
      view: { kind: 'library' },
      playback: pb.initialPlayback(0),
      prefs: { ...defaultPrefs, ...prefs },
      helpOpen: false,
      consoleOpen: false,
      chaptersOpen: false,
      notice: null,
      quiz: NO_QUIZ,

      openRoute(route) {
        if (route.kind === 'library') {
          set({ view: { kind: 'library' }, playback: pb.initialPlayback(0) })
          return
        }
        if (route.id === GLOSSARY_ID) {
          set({ view: { kind: 'glossary' }, playback: pb.initialPlayback(0) })
          return
        }
        if (route.id === CUSTOM_ID) {
          if (loadedRuntime()) openDecoded(route, null)
          else fetchThenOpen(route, true)
          return
        }
        if (!findMeta(route.id)) {
          set({ view: { kind: 'error', error: { code: 'unknown-scenario', id: route.id } } })
          return
        }
        const known = loadedScenario(route.id)
        if (known && loadedRuntime()) openDecoded(route, known)
        else fetchThenOpen(route, false)
      },
      appendLine(line) {
        const cur = get()
        if (cur.view.kind !== 'player') {
          return { ok: false, error: { line: 1, column: 1, message: 'open a scenario first' } }
        }
        const { scenario, extra: before } = cur.view
        const lineNo = scriptLines(scenario) + before.length + 1
        if (/[\r\n]/.test(line)) {
          const message = 'one line at a time: this text has a line break'
          return { ok: false, error: { line: lineNo, column: 1, message } }
        }
        // Only the new line runs, on from the machine the lines before left.
        const run = runAppended(scenario, before, cur.view.run, line)
        if (run.error) return { ok: false, error: run.error }
        const results = run.results.slice(cur.view.run.results.length)
        if (run.trace.frames.length === cur.view.run.trace.frames.length) {
          // A comment or blank line: nothing to step through, nothing to keep.
          return { ok: true, results }
        }
        // A kept line goes into the link: refuse what parseHash would refuse on reload.
        const extra = [...before, line]
        const known = linkBound?.extra === before ? linkBound.length : undefined
        const fits = linkCodec().checkLinkLines(scenario.id, extra, known)
        if (!fits.ok) {
          const column = fits.error.code === 'line-too-long' ? MAX_LINE_LENGTH + 1 : 1
          const message = linkCodec().limitMessage(fits.error, extra.length)
          return { ok: false, error: { line: lineNo, column, message } }
        }
        linkBound = { extra, length: fits.value }
        const length = run.trace.frames.length
        set({
          view: { ...cur.view, extra, run },
          // The panels follow the new line: the cursor lands on its last step.
          playback: { ...pb.initialPlayback(length, length - 1), speed: cur.playback.speed },
          quiz: NO_QUIZ,
        })
        return { ok: true, results }
      },
      showError(error) {
        set({ view: { kind: 'error', error }, playback: pb.initialPlayback(0) })
      },
      run(cmd) {
        updatePlayback(PLAYBACK_STEP[cmd])
      },
      seek(cursor) {
        updatePlayback((p) => pb.seek(p, cursor))
      },
      setSpeed(speed) {
        updatePlayback((p) => pb.setSpeed(p, speed))
      },
      tick(dtMs) {
        updatePlayback((p) => pb.tick(p, dtMs))
      },
      setLang(lang) {
        if (get().prefs.lang !== lang) set({ prefs: { ...get().prefs, lang } })
      },
      setTheme(theme) {
        if (get().prefs.theme !== theme) set({ prefs: { ...get().prefs, theme } })
      },
      setPresenter(on) {
        if (get().prefs.presenter !== on) set({ prefs: { ...get().prefs, presenter: on } })
      },
      setHelpOpen(open) {
        if (get().helpOpen !== open) set({ helpOpen: open })
      },
      setConsoleOpen(open) {
        if (get().consoleOpen !== open) set({ consoleOpen: open })
      },
      setChaptersOpen(open) {
        if (get().chaptersOpen !== open) set({ chaptersOpen: open })
      },
      setNotice(notice) {
        set({ notice })
      },
      askQuestion(index) {
        const q = get().quiz
        if (q.asked === index) return
        set({
          quiz: {
            asked: index,
            given: index !== null && q.given?.index === index ? q.given : null,
          },
        })
      },
      answerQuestion(index, value, right) {
        set({ quiz: { ...get().quiz, given: { index, value, right } } })
      },
      setQuizMode(mode) {
        if (get().prefs.quiz !== mode) set({ prefs: { ...get().prefs, quiz: mode }, quiz: NO_QUIZ })
      },
    }
  })
}

/** The app's one store; tests make their own with createVmStore. */
export const vmStore = createVmStore()

export function useVmStore<T>(selector: (s: VmStore) => T): T {
  return useStore(vmStore, selector)
}

/** Back to a fresh state (tests; never called by the app). */
export function resetVmStore(prefs: Partial<Prefs> = {}): void {
  vmStore.setState(
    {
      view: { kind: 'library' },
      playback: pb.initialPlayback(0),
      prefs: { ...defaultPrefs, ...prefs },
      helpOpen: false,
      consoleOpen: false,
      chaptersOpen: false,
      notice: null,
      quiz: NO_QUIZ,
    },
    false,
  )
}
