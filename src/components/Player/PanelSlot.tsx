import { Suspense, memo } from 'react'
import { useTranslation } from 'react-i18next'
import type { Frame } from '../../engine/index.ts'
import type { PanelId } from '../../scenarios/index.ts'
import { PanelBoundary } from '../Boundary/PanelBoundary.tsx'
import { StageFocusContext } from './focusContext.ts'
import { samePicture } from './panelPictures.ts'
import { PANELS } from './panels.ts'
import { MeasureAfter, MeasureBefore } from './panelTiming.ts'

interface Props {
  readonly id: PanelId
  readonly frame: Frame
  /** The run's frames (a panel may read earlier steps: PageWalk's last address). */
  readonly frames: readonly Frame[]
  /** This panel holds the step's focus (useStageFocus brings it into view). */
  readonly owns: boolean
}

/**
 * One panel on the stage. It re-renders only when its picture changes (panelPictures.ts) or it
 * gains or loses the focus: a step that leaves a panel as it was costs that panel nothing.
 */
export const PanelSlot = memo(
  function PanelSlot({ id, frame, owns }: Props) {
    const { t } = useTranslation()
    const Panel = PANELS[id]
    return (
      <StageFocusContext value={owns}>
        <MeasureBefore part={{ panel: id }} />
        {/* Each panel fails alone (a drawing bug, a chunk that did not arrive). */}
        <PanelBoundary resetKey={frame}>
          <Suspense fallback={<p className="panel-loading">{t('stage.loading')}</p>}>
            <Panel frame={frame} />
          </Suspense>
        </PanelBoundary>
        <MeasureAfter part={{ panel: id }} />
      </StageFocusContext>
    )
  },
  (a, b) =>
    a.id === b.id &&
    a.owns === b.owns &&
    a.frames === b.frames &&
    samePicture(b.id, a.frame, b.frame, b.frames),
)
