import { describeXenEvent } from '../../narration/xen.ts'
import { ringCommands } from '../commands/ring.ts'
import { xenCommands } from '../commands/xen.ts'
import type { ModuleEvent } from '../../engine/index.ts'
import { family } from '../family.ts'
import { describeXenError, xenEventJson, xenEventText } from '../format/xen.ts'

// The ring has its own picture; event channels, grants and drivers live in the domains'.
const RING_EVENTS: ReadonlySet<ModuleEvent<'xen'>['kind']> = new Set([
  'ring.create',
  'ring.queue',
  'ring.push',
  'ring.consume',
  'ring.final-check',
] as const)

export const xenFamily = family({
  module: 'xen',
  commands: [...ringCommands, ...xenCommands],
  eventJson: xenEventJson,
  eventText: xenEventText,
  narrate: describeXenEvent,
  describeError: describeXenError,
  panels: (e) => (RING_EVENTS.has(e.kind) ? ['ring'] : ['xenDomains']),
})
