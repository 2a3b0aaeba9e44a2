// The one record each engine module exports (DESIGN.md "Modules plug in at one place").
// src/engine/modules.ts lists them; Op, EngineEvent, EngineError, CitationId and Machine are
// derived from that list, and apply() routes each op by a kind -> module map built from it.
import type { EngineError } from './errors.ts'
import type { EngineEvent } from './event.ts'
import type { Result } from './result.ts'
import type { Machine } from '../machine.ts'

export interface Step {
  readonly machine: Machine
  readonly events: readonly EngineEvent[]
}

/** A set of kinds written as an object so the compiler checks it against a union. */
export type KindSet<K extends string> = Readonly<Record<K, true>>

/**
 * One engine module. `slot` is its key in Machine with `initial` as its state there, or null
 * when its state lives inside another module's (the MMUs' inside `virt`). `types` is never
 * set at run time: it only carries the module's op, event and error types to the derivations.
 */
export interface EngineModule<
  Id extends string,
  O extends { readonly kind: string },
  E extends { readonly kind: string },
  Er,
  C extends Readonly<Record<string, string>>,
  Slot extends string | null = null,
  S = null,
> {
  readonly id: Id
  readonly opKinds: KindSet<O['kind']>
  readonly eventKinds: KindSet<E['kind']>
  /** The module's error codes; its errors reach the console as `{ code: id, error }`. */
  readonly errorKinds: KindSet<Er extends { readonly code: infer K extends string } ? K : never>
  readonly citations: C
  readonly slot: Slot
  readonly initial: S
  /** Pure: never mutates `machine`, never throws on bad input. */
  readonly apply: (machine: Machine, op: O) => Result<Step, EngineError>
  readonly types?: { readonly op: O; readonly event: E; readonly error: Er }
}

/** Any module, as the list and the routing table hold them. */
export interface AnyModule {
  readonly id: string
  readonly opKinds: Readonly<Record<string, true>>
  readonly eventKinds: Readonly<Record<string, true>>
  readonly errorKinds: Readonly<Record<string, true>>
  readonly citations: Readonly<Record<string, string>>
  readonly slot: string | null
  readonly initial: unknown
}

/** Where two modules claim the same op kind, event kind or citation id. */
export interface Clash {
  readonly what: 'op' | 'event' | 'citation' | 'module'
  readonly key: string
  readonly modules: readonly [string, string]
}

/**
 * Op kinds, event kinds and citation ids must each belong to exactly one module, or routing
 * by kind (and a citation's text) would be ambiguous. Returns every clash; the test asserts
 * none for the real list and proves a forged clash is caught.
 */
export function findClashes(modules: readonly AnyModule[]): Clash[] {
  const clashes: Clash[] = []
  const owners = {
    module: new Map<string, string>(),
    op: new Map<string, string>(),
    event: new Map<string, string>(),
    citation: new Map<string, string>(),
  }
  const claim = (what: Clash['what'], key: string, id: string): void => {
    const owner = owners[what].get(key)
    if (owner === undefined) owners[what].set(key, id)
    else clashes.push({ what, key, modules: [owner, id] })
  }
  for (const m of modules) {
    claim('module', m.id, m.id)
    for (const k of Object.keys(m.opKinds)) claim('op', k, m.id)
    for (const k of Object.keys(m.eventKinds)) claim('event', k, m.id)
    for (const k of Object.keys(m.citations)) claim('citation', k, m.id)
  }
  return clashes
}

/** kind -> the module that owns it; throws on a clash (the list is fixed at build time). */
export function kindMap<M extends AnyModule>(
  modules: readonly M[],
  kinds: (m: M) => Readonly<Record<string, true>>,
): ReadonlyMap<string, M> {
  const clashes = findClashes(modules)
  if (clashes.length > 0)
    throw new Error(
      `engine modules clash: ${clashes.map((c) => `${c.what} ${c.key} (${c.modules.join(', ')})`).join('; ')}`,
    )
  const map = new Map<string, M>()
  for (const m of modules) for (const k of Object.keys(kinds(m))) map.set(k, m)
  return map
}

// Type-level derivations over the module list (modules.ts applies them).
type TypesOf<M> = M extends { readonly types?: infer T } ? NonNullable<T> : never
export type OpOf<M> = TypesOf<M> extends { readonly op: infer O } ? O : never
export type EventOf<M> = TypesOf<M> extends { readonly event: infer E } ? E : never
/** A module's errors as the engine returns them: wrapped with the module id. */
export type ErrorOf<M> = M extends { readonly id: infer Id }
  ? TypesOf<M> extends { readonly error: infer Er }
    ? [Er] extends [never]
      ? never
      : { readonly code: Id; readonly error: Er }
    : never
  : never
export type CitationIdOf<M> = M extends { readonly citations: infer C } ? keyof C & string : never
export type MachineOf<M> = {
  readonly [K in M as K extends { readonly slot: infer S extends string } ? S : never]: K extends {
    readonly initial: infer S
  }
    ? S
    : never
}
