import * as v from 'valibot'
import { type Result, err, ok } from '../engine/index.ts'

export type Lang = 'en' | 'zh'

/** Where the app is, as the hash says: `#/` (library) or `#/<scenario-id>/<step>`. */
export type Route =
  | { readonly kind: 'library' }
  | { readonly kind: 'scenario'; readonly id: string; readonly step: number | null }

export type UrlError =
  | { readonly code: 'too-long'; readonly length: number }
  | { readonly code: 'malformed'; readonly hash: string }
  | { readonly code: 'bad-step'; readonly id: string; readonly text: string }

/** Options in the query string; anything else there is ignored. */
export interface QueryOptions {
  readonly lang: Lang | null
  readonly embed: boolean
}

// No real route is longer; the cap keeps hostile links from costing anything to parse.
export const MAX_HASH_LENGTH = 2048
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

/** Parses untrusted hash text. Never throws. */
export function parseHash(hash: string): Result<Route, UrlError> {
  if (hash.length > MAX_HASH_LENGTH) return err({ code: 'too-long', length: hash.length })
  let text = hash.startsWith('#') ? hash.slice(1) : hash
  if (text === '' || text === '/') return ok({ kind: 'library' })
  if (!text.startsWith('/')) text = '/' + text
  const parts = text.slice(1).split('/')
  if (parts.length > 2 && !(parts.length === 3 && parts[2] === '')) {
    return err({ code: 'malformed', hash })
  }
  const id = safeDecode(parts[0] ?? '')
  if (id === null || !ID_RE.test(id)) return err({ code: 'malformed', hash })
  const stepText = parts[1] ?? ''
  if (stepText === '') return ok({ kind: 'scenario', id, step: null })
  if (!/^\d{1,7}$/.test(stepText) || Number(stepText) < 1) {
    return err({ code: 'bad-step', id, text: stepText })
  }
  return ok({ kind: 'scenario', id, step: Number(stepText) })
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
  return route.kind === 'library' ? '#/' : `#/${route.id}/${route.step ?? 1}`
}
