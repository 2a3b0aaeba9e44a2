// Where each hardware fact comes from. Events carry a CitationId; the UI shows the source.
// Each module owns its registry (<module>/cite.ts, named in its descriptor); the id union is
// derived from the module list and the texts are merged in modules.ts.
import type { CitationIdOf } from './module.ts'
import type { EngineModules } from '../modules.ts'

export type CitationId = CitationIdOf<EngineModules>
