import type { EngineEvent } from '../../engine/index.ts'

/**
 * The events after frame `index` that came from the same script line (the same command). A
 * frame holds the machine after its whole command (one `map` is ten events), so a panel that
 * draws state a command builds step by step takes these events' changes back out.
 */
export function laterInCommand(
  frames: readonly { readonly line: number; readonly event: EngineEvent }[],
  index: number,
): EngineEvent[] {
  const line = frames[index]?.line
  const out: EngineEvent[] = []
  for (let i = index + 1; i < frames.length && frames[i]?.line === line; i++) {
    const f = frames[i]
    if (f) out.push(f.event)
  }
  return out
}

/** The events of frame `index`'s command up to it (itself last) and after it. */
export function commandEvents(
  frames: readonly { readonly line: number; readonly event: EngineEvent }[],
  index: number,
): { done: EngineEvent[]; todo: EngineEvent[] } {
  const line = frames[index]?.line
  let first = index
  while (first > 0 && frames[first - 1]?.line === line) first--
  const done: EngineEvent[] = []
  for (let i = first; i <= index; i++) {
    const f = frames[i]
    if (f) done.push(f.event)
  }
  return { done, todo: laterInCommand(frames, index) }
}
