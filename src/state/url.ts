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

// The store keeps the same array while only the step moves, so compressing once per array
// keeps every later step's URL update cheap.
const encoded = new WeakMap<readonly string[], string>()

export function encodeExtra(lines: readonly string[]): string {
  let text = encoded.get(lines)
  if (text === undefined) {
    text = LZString.compressToEncodedURIComponent(JSON.stringify({ v: 1, lines }))
    encoded.set(lines, text)
  }
  return text
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

// ---- The limits above, for whatever adds lines: the app never makes a link it refuses ----

/** A limit of what a link can carry that adding lines would break. */
export type LinkLimit =
  | { readonly code: 'line-too-long'; readonly line: number; readonly length: number }
  | { readonly code: 'too-many-lines'; readonly lines: number }
  | { readonly code: 'link-too-long'; readonly length: number }

// parseHash reads a step of up to 7 digits: a link is measured at its longest.
const LONGEST_STEP = 9_999_999

/** The length of the longest hash that carries `lines` after scenario `id`. */
export function linkLength(id: string, lines: readonly string[]): number {
  return formatHash({ kind: 'scenario', id, step: LONGEST_STEP, extra: lines }).length
}

/**
 * Checks lines against every limit parseHash enforces; the lines are single lines, as the
 * console (appendLine refuses a line break) and the script loader (it splits) give them. Returns the link's length, or an
 * upper bound of it when `known` (a bound for all but the last line) shows it fits, which
 * spares compressing every line again on each append (see appendedBound).
 */
export function checkLinkLines(
  id: string,
  lines: readonly string[],
  known?: number,
): Result<number, LinkLimit> {
  if (lines.length > MAX_EXTRA_LINES) return err({ code: 'too-many-lines', lines: lines.length })
  const long = lines.findIndex((l) => l.length > MAX_LINE_LENGTH)
  if (long >= 0)
    return err({ code: 'line-too-long', line: long + 1, length: lines[long]?.length ?? 0 })
  const last = lines.at(-1)
  // With no lines before, the link had no payload at all to build on.
  if (known !== undefined && last !== undefined && lines.length > 1) {
    const bound = appendedBound(known, last)
    if (bound <= MAX_HASH_LENGTH) return ok(bound)
  }
  const length = linkLength(id, lines)
  return length > MAX_HASH_LENGTH ? err({ code: 'link-too-long', length }) : ok(length)
}

/**
 * An upper bound of the link's length after one more line, from a bound for the link before.
 * lz-string is LZW: it reads its input once, so what it writes for the JSON before the closing
 * `]}` is the same with or without the new line, and each further input character (`,"line"]}`,
 * escaped) costs at most one code and one new-character literal: 24 + 16 bits while the
 * dictionary stays under 2^24 entries (a valid payload is under 1.3M characters), then the
 * end code and padding, at 6 bits per link character.
 */
export function appendedBound(before: number, line: string): number {
  const added = JSON.stringify(line).length + 3
  return before + Math.ceil(((added + 1) * (24 + 16) + 24 + 6) / 6) + 1
}
