import LZString from 'lz-string'
import * as v from 'valibot'
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
    }

export type UrlError =
  | { readonly code: 'too-long'; readonly length: number }
  | { readonly code: 'malformed'; readonly hash: string }
  | { readonly code: 'bad-step'; readonly id: string; readonly text: string }
  | { readonly code: 'bad-lines'; readonly id: string; readonly reason: string }

/** Options in the query string; anything else there is ignored. */
export interface QueryOptions {
  readonly lang: Lang | null
  readonly embed: boolean
}

// No real route is longer; the cap keeps hostile links from costing anything to parse.
export const MAX_HASH_LENGTH = 16_384
export const MAX_EXTRA_LINES = 500
export const MAX_LINE_LENGTH = 400
// The most JSON a valid payload decompresses to (every line at the cap and every character
// escaped as \uXXXX); a short payload can inflate to megabytes, refused before JSON.parse.
const MAX_PAYLOAD_JSON = MAX_EXTRA_LINES * (MAX_LINE_LENGTH * 6 + 3) + 64

// Version 1 of the payload; a later format adds a case to upgradeExtra, never reinterprets v1.
const ExtraV1 = v.object({
  v: v.literal(1),
  lines: v.pipe(
    v.array(
      v.pipe(
        v.string(),
        v.maxLength(MAX_LINE_LENGTH),
        // A line break would make it two lines: no console line has one.
        v.regex(/^[^\n]*$/, 'a line contains a line break'),
      ),
    ),
    v.maxLength(MAX_EXTRA_LINES),
  ),
})
const ID_RE = /^[a-z0-9][a-z0-9-]{0,63}$/

const QuerySchema = v.object({
  lang: v.optional(v.picklist(['en', 'zh'])),
  embed: v.optional(v.picklist(['1', 'true', '0', 'false'])),
})

export function parseQuery(search: string): QueryOptions {
  const params = new URLSearchParams(search)
  const raw = {
    lang: params.get('lang')?.toLowerCase() ?? undefined,
    embed: params.get('embed')?.toLowerCase() ?? undefined,
  }
  // A bad value is dropped field by field, so `?lang=fr&embed=1` still embeds.
  const lang = v.safeParse(QuerySchema.entries.lang, raw.lang)
  const embed = v.safeParse(QuerySchema.entries.embed, raw.embed)
  return {
    lang: lang.success ? (lang.output ?? null) : null,
    embed: embed.success ? embed.output === '1' || embed.output === 'true' : false,
  }
}

/** Parses untrusted hash text. Never throws: anything unforeseen is a malformed link. */
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
  const extra = decodeExtra(payload)
  if (!extra.ok) return err({ code: 'bad-lines', id, reason: extra.error })
  return ok({ kind: 'scenario', id, step, extra: extra.value })
}

/** Decodes the added console lines; the error says which stage refused them. */
export function decodeExtra(payload: string): Result<readonly string[], string> {
  // lz-string returns '' or null for most corrupt input, and throws for some (`z`).
  let json: string | null
  try {
    json = LZString.decompressFromEncodedURIComponent(payload)
  } catch {
    json = null
  }
  if (!json) return err('the added lines are not valid compressed text')
  if (json.length > MAX_PAYLOAD_JSON) return err('the added lines are too long to be console lines')
  let data: unknown
  try {
    data = JSON.parse(json)
  } catch {
    return err('the added lines are not valid JSON')
  }
  const r = v.safeParse(ExtraV1, data)
  if (!r.success)
    return err(`the added lines do not match format v1: ${r.issues[0]?.message ?? ''}`)
  return ok(r.output.lines)
}

export function encodeExtra(lines: readonly string[]): string {
  return LZString.compressToEncodedURIComponent(JSON.stringify({ v: 1, lines }))
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s)
  } catch {
    return null
  }
}

/** The canonical hash for a place in the app; steps are 1-based. */
export function formatHash(route: Route): string {
  if (route.kind === 'library') return '#/'
  const base = `#/${route.id}/${route.step ?? 1}`
  return route.extra && route.extra.length > 0 ? `${base}/${encodeExtra(route.extra)}` : base
}
