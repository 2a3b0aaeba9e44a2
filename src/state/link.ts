// The link codec: added console lines <-> the link's payload, and the limits a link can carry.
// A lazy chunk (lz-string and valibot stay out of the first paint); url.ts loadLinkCodec
// fetches it, and the script runner brings it (state/runtime.ts).
import LZString from 'lz-string'
import * as v from 'valibot'
import { type Result, err, ok } from '../engine/index.ts'
import {
  type LinkLimit,
  MAX_EXTRA_LINES,
  MAX_HASH_LENGTH,
  MAX_LINE_LENGTH,
  PRINT_PREFIX,
  type Route,
  type UrlError,
  parseHash,
} from './url.ts'

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

type ScenarioRoute = Extract<Route, { readonly kind: 'scenario' }>

/**
 * The route with its link's lines decoded: a damaged payload is a `bad-lines` error naming
 * the stage that refused it. A route without a payload comes back as it is.
 */
export function decodeRoute(route: ScenarioRoute): Result<ScenarioRoute, UrlError> {
  if (route.payload === undefined) return ok(route)
  const extra = decodeExtra(route.payload)
  if (!extra.ok) return err({ code: 'bad-lines', id: route.id, reason: extra.error })
  return ok({ kind: 'scenario', id: route.id, step: route.step, extra: extra.value })
}

/** parseHash and decodeRoute in one: the whole link read at once (tests, tools). */
export function readHash(hash: string): Result<Route, UrlError> {
  const r = parseHash(hash)
  return r.ok && r.value.kind === 'scenario' ? decodeRoute(r.value) : r
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

/** The canonical hash for a route with its lines encoded (url.ts formatHash, codec loaded). */
export function formatHash(route: Route): string {
  if (route.kind === 'library') return '#/'
  if (route.kind === 'print') return `#/${PRINT_PREFIX}/${route.id}`
  const base = `#/${route.id}/${route.step ?? 1}`
  if (route.payload !== undefined) return `${base}/${route.payload}`
  return route.extra && route.extra.length > 0 ? `${base}/${encodeExtra(route.extra)}` : base
}

// ---- The limits above, for whatever adds lines: the app never makes a link it refuses ----

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

// In the codec's chunk rather than the store's: only a line the codec measured can hit a limit.
const EXPORT_HINT = 'it was not added; use Export script to keep a longer script as a file'

/** What the console says when a line would make a link the app cannot open again. */
export function limitMessage(e: LinkLimit, added: number): string {
  switch (e.code) {
    case 'line-too-long':
      return `this line has ${e.length} characters and a link carries lines of at most ${MAX_LINE_LENGTH}: ${EXPORT_HINT}`
    case 'too-many-lines':
      return `a link carries at most ${MAX_EXTRA_LINES} added lines and this would be added line ${added}: ${EXPORT_HINT}`
    case 'link-too-long':
      return `with this line the link would have ${e.length} characters, over the ${MAX_HASH_LENGTH} a link may have: ${EXPORT_HINT}`
  }
}
