import { type Result, err, ok } from '../engine/index.ts'

export type Lang = 'en' | 'zh'

/**
 * Where the app is, as the hash says: `#/` (library), `#/<scenario-id>/<step>`, or
 * `#/<scenario-id>/<step>/<lines>` where <lines> are console lines a person added after the
 * scenario's own script (lz-string, URI-safe, a versioned JSON payload).
 */
export type Route =
  | { readonly kind: 'library' }
  | {
      readonly kind: 'scenario'
      readonly id: string
      readonly step: number | null
      /** Console lines added after the scenario's script; absent = none. */
      readonly extra?: readonly string[]
      /**
       * The link's added lines still encoded: parseHash leaves them to the link codec (link.ts,
       * a lazy chunk with lz-string and valibot), which the store runs before the scenario
       * opens. A route carries `payload` or `extra`, never both.
       */
      readonly payload?: string
    }

export type UrlError =
  | { readonly code: 'too-long'; readonly length: number }
  | { readonly code: 'malformed'; readonly hash: string }
  | { readonly code: 'bad-step'; readonly id: string; readonly text: string }
  | { readonly code: 'bad-lines'; readonly id: string; readonly reason: string }

/**
 * How scenario questions behave (issue 19): `class` shows a question on one press and its answer
 * on the next; `study` (`?quiz=1`) lets the student answer and keeps a score; `off` skips them.
 */
export type QuizMode = 'class' | 'study' | 'off'

/** Options in the query string; anything else there is ignored. */
export interface QueryOptions {
  readonly lang: Lang | null
  readonly embed: boolean
  /** `?quiz=1|study`, `?quiz=0|off`, `?quiz=class`; null when absent or unknown. */
  readonly quiz: QuizMode | null
}

/** A limit of what a link can carry that adding lines would break (link.ts checkLinkLines). */
export type LinkLimit =
  | { readonly code: 'line-too-long'; readonly line: number; readonly length: number }
  | { readonly code: 'too-many-lines'; readonly lines: number }
  | { readonly code: 'link-too-long'; readonly length: number }

// No real route is longer; the cap keeps hostile links from costing anything to parse.
export const MAX_HASH_LENGTH = 16_384
export const MAX_EXTRA_LINES = 500
export const MAX_LINE_LENGTH = 400

const ID_RE = /^[a-z0-9][a-z0-9-]{0,63}$/
const LANGS: readonly Lang[] = ['en', 'zh']
const EMBED: Readonly<Record<string, boolean>> = { '1': true, true: true, '0': false, false: false }
const QUIZ: Readonly<Record<string, QuizMode>> = {
  '1': 'study',
  study: 'study',
  '0': 'off',
  off: 'off',
  class: 'class',
}

export function parseQuery(search: string): QueryOptions {
  const params = new URLSearchParams(search)
  const lang = params.get('lang')?.toLowerCase()
  const embed = params.get('embed')?.toLowerCase()
  const quiz = params.get('quiz')?.toLowerCase()
  // A bad value is dropped field by field, so `?lang=fr&embed=1` still embeds.
  return {
    lang: LANGS.find((l) => l === lang) ?? null,
    embed: embed !== undefined && Object.hasOwn(EMBED, embed) ? EMBED[embed] === true : false,
    quiz: quiz !== undefined && Object.hasOwn(QUIZ, quiz) ? (QUIZ[quiz] ?? null) : null,
  }
}

/**
 * Parses untrusted hash text. Never throws: anything unforeseen is a malformed link. Added
 * lines stay encoded (`payload`): decoding them needs the link codec, loaded after first paint.
 */
export function parseHash(hash: string): Result<Route, UrlError> {
  try {
    return parseHashUnsafe(hash)
  } catch {
    return err({ code: 'malformed', hash })
  }
}

function parseHashUnsafe(hash: string): Result<Route, UrlError> {
  if (hash.length > MAX_HASH_LENGTH) return err({ code: 'too-long', length: hash.length })
  let text = hash.startsWith('#') ? hash.slice(1) : hash
  if (text === '' || text === '/') return ok({ kind: 'library' })
  if (!text.startsWith('/')) text = '/' + text
  const parts = text.slice(1).split('/')
  if (parts.at(-1) === '' && parts.length > 1) parts.pop()
  if (parts.length > 3) return err({ code: 'malformed', hash })
  const id = safeDecode(parts[0] ?? '')
  if (id === null || !ID_RE.test(id)) return err({ code: 'malformed', hash })
  const stepText = parts[1] ?? ''
  let step: number | null = null
  if (stepText !== '') {
    if (!/^\d{1,7}$/.test(stepText) || Number(stepText) < 1) {
      return err({ code: 'bad-step', id, text: stepText })
    }
    step = Number(stepText)
  }
  const payload = parts[2]
  if (payload === undefined) return ok({ kind: 'scenario', id, step, extra: [] })
  return ok({ kind: 'scenario', id, step, payload })
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s)
  } catch {
    return null
  }
}

/**
 * The canonical hash for a place in the app; steps are 1-based. Added lines are encoded by
 * the link codec, so a route with lines needs it loaded (loadLinkCodec): lines only reach a
 * route through it (a decoded link, an appended line, an imported script).
 */
export function formatHash(route: Route): string {
  if (route.kind === 'library') return '#/'
  const base = `#/${route.id}/${route.step ?? 1}`
  if (route.payload !== undefined) return `${base}/${route.payload}`
  if (!route.extra || route.extra.length === 0) return base
  if (!codec) throw new Error('formatHash: the link codec is not loaded (loadLinkCodec)')
  return `${base}/${codec.encodeExtra(route.extra)}`
}

// ---- The link codec: lz-string and the payload's valibot schema, kept out of first paint ----

export type LinkCodec = typeof import('./link.ts')

let codec: LinkCodec | null = null
let pending: Promise<LinkCodec> | null = null

/**
 * Fetches the codec once. The script runner brings it too (state/runtime.ts): everything that
 * turns lines into a link or back (a link's lines, an appended line, an imported script) needs
 * the runner as well, so the store can use it synchronously once the runner is here.
 */
export function loadLinkCodec(): Promise<LinkCodec> {
  if (codec) return Promise.resolve(codec)
  if (!pending) {
    pending = import('./link.ts').then(
      (m) => (codec = m),
      (e: unknown) => {
        // Forget the failure so a retry fetches again.
        pending = null
        throw e
      },
    )
  }
  return pending
}

/** The codec if it has arrived, else null. */
export const loadedLinkCodec = (): LinkCodec | null => codec
