import { describeMigrateEvent } from '../../narration/migrate.ts'
import { migrateCommands } from '../commands/migrate.ts'
import { family } from '../family.ts'
import { describeMigrateError, migrateEventJson, migrateEventText } from '../format/migrate.ts'

export const migrateFamily = family({
  module: 'migrate',
  commands: migrateCommands,
  eventJson: migrateEventJson,
  eventText: migrateEventText,
  narrate: describeMigrateEvent,
  describeError: describeMigrateError,
  panels: () => ['migrate'],
})
