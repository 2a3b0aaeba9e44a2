import { memo } from 'react'
import { useTranslation } from 'react-i18next'
import type { TraceLimit } from '../../engine/index.ts'

/** Says where and why a trace was cut, so a long script never stops silently. */
export const TraceLimitNotice = memo(function TraceLimitNotice({
  limit,
}: {
  readonly limit: TraceLimit | null
}) {
  const { t } = useTranslation()
  if (!limit) return null
  return (
    <p className="trace-limit" data-testid="trace-limit">
      {t('stage.limit', { line: limit.line, cap: limit.cap.toLocaleString('en') })}
    </p>
  )
})
