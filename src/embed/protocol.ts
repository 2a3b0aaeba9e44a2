// The embed protocol: what a parent page (a slide deck) may post to an embedded view and what
// the view posts back. Pure (no window), so the rules are tested without a browser; bridge.ts
// wires it to `message` events. Documented in docs/embed.md.
import * as v from 'valibot'
import type { Lang } from '../state/url.ts'

/** Version of the messages; a later one adds fields or commands, never changes these. */
export const PROTOCOL_VERSION = 1

const Step = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000_000))

const Command = v.variant('command', [
  v.object({
    type: v.literal('vmscope:command'),
    command: v.picklist(['next', 'prev', 'first', 'last']),
  }),
  v.object({ type: v.literal('vmscope:command'), command: v.literal('step'), step: Step }),
  v.object({
    type: v.literal('vmscope:command'),
    command: v.literal('phase'),
    // A phase id (as in the scenario) or its 1-based position.
    phase: v.union([v.pipe(v.string(), v.maxLength(64)), Step]),
  }),
  v.object({
    type: v.literal('vmscope:command'),
    command: v.literal('lang'),
    lang: v.picklist(['en', 'zh']),
  }),
])

export type EmbedCommand = v.InferOutput<typeof Command>

/** What the view tells its parent after every change of scenario, step or language. */
export interface StepMessage {
  readonly type: 'vmscope:step'
  readonly version: typeof PROTOCOL_VERSION
  readonly scenario: string
  /** The scenario's title in the view's language. */
  readonly title: string
  /** 1-based, as in the link. */
  readonly step: number
  readonly steps: number
  readonly phase: {
    readonly id: string
    /** 1-based. */
    readonly index: number
    readonly count: number
    readonly title: string
  } | null
  readonly lang: Lang
}

/** A command the view received from an allowed parent but could not carry out. */
export interface ErrorMessage {
  readonly type: 'vmscope:error'
  readonly version: typeof PROTOCOL_VERSION
  readonly message: string
}

/**
 * The parent origins allowed to drive the view: `origin=` in the query, repeated or
 * comma-separated, each an exact origin (scheme://host[:port], http or https). Anything else
 * is reported by `rejected` and never allowed; `*` is refused on purpose.
 */
export function parseOrigins(search: string): {
  readonly allowed: readonly string[]
  readonly rejected: readonly string[]
} {
  const allowed: string[] = []
  const rejected: string[] = []
  for (const raw of new URLSearchParams(search).getAll('origin')) {
    for (const part of raw.split(',')) {
      const text = part.trim()
      if (text === '') continue
      const origin = exactOrigin(text)
      if (origin === null) rejected.push(text.slice(0, 100))
      else if (!allowed.includes(origin)) allowed.push(origin)
    }
  }
  return { allowed, rejected }
}

function exactOrigin(text: string): string | null {
  try {
    const u = new URL(text)
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null
    // An origin has no path, query or credentials: `https://a.example/x` is a mistake.
    return u.origin === text.replace(/\/$/, '') ? u.origin : null
  } catch {
    return null
  }
}

/** Reads a posted message: the command, or why it is not one (null: not ours at all). */
export function parseCommand(
  data: unknown,
):
  | { readonly ok: true; readonly command: EmbedCommand }
  | { readonly ok: false; readonly message: string }
  | null {
  // Other scripts on the parent page post their own messages; only ours are answered.
  if (typeof data !== 'object' || data === null) return null
  if ((data as { type?: unknown }).type !== 'vmscope:command') return null
  const r = v.safeParse(Command, data)
  if (r.success) return { ok: true, command: r.output }
  const issue = r.issues[0]
  const where = issue.path?.map((p) => String(p.key)).join('.') ?? 'command'
  return { ok: false, message: `${where}: ${issue.message}` }
}
