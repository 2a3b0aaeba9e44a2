import { useDeferredValue, useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { pick } from '../../i18n/index.ts'
import { CATALOGUE, loadScenario } from '../../scenarios/index.ts'
import {
  type AuthoredPhase,
  type AuthoredScenario,
  ID_RE,
  LIMITS,
  authoredFileText,
  blankAuthored,
  fileName,
  fromScenario,
  shareHash,
  upgrade,
} from '../../state/authored.ts'
import { type AuthoredCheck, type MissingText, checkAuthored } from '../../state/authoredCheck.ts'
import { selectLang } from '../../state/selectors.ts'
import { useVmStore } from '../../state/store.ts'
import type { Lang } from '../../state/url.ts'
import { Narration } from '../Narration/Narration.tsx'
import { PanelSlot } from '../Player/PanelSlot.tsx'
import { focusPanel } from '../Player/focusOwner.ts'
import { authoredErrorText } from '../../state/authored.ts'
import { QuestionsBlock } from './QuestionsBlock.tsx'
import { type DraftLoad, keepPrevious, loadDraft, loadPrevious, saveDraft } from './draft.ts'
import './editor.css'

type Status =
  | { readonly kind: 'none' }
  | { readonly kind: 'link'; readonly url: string; readonly missing: number }
  | { readonly kind: 'too-long'; readonly length: number; readonly max: number }
  | { readonly kind: 'refused'; readonly text: string }
  | { readonly kind: 'saved-file'; readonly name: string }
  | { readonly kind: 'opened'; readonly title: string }

const LANG_NAME: Record<Lang, 'editor.lang.en' | 'editor.lang.zh'> = {
  en: 'editor.lang.en',
  zh: 'editor.lang.zh',
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  // The click has handed the file to the browser; a later tick frees the object URL.
  window.setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** The scenario editor: phases on the left, the live stage running them on the right. */
export function EditorView() {
  const { t } = useTranslation()
  const lang = useVmStore(selectLang)
  const [loaded] = useState<DraftLoad>(() => loadDraft())
  const [draft, setDraftState] = useState<AuthoredScenario>(loaded.draft)
  const [status, setStatus] = useState<Status>({ kind: 'none' })
  const [stored, setStored] = useState(true)
  // A draft replaced here or by "Edit" elsewhere (draft.ts editInEditor) can be had back.
  const [previous, setPrevious] = useState<AuthoredScenario | null>(() => loadPrevious())
  // Typing stays quick: the stage re-runs the script with the draft a moment behind.
  const shown = useDeferredValue(draft)
  const check = useMemo(() => checkAuthored(shown), [shown])

  // Every change is saved at once: a reload or a closed tab loses nothing.
  const setDraft = (d: AuthoredScenario) => {
    setDraftState(d)
    setStored(saveDraft(d))
  }

  const update = (d: AuthoredScenario) => {
    setDraft(d)
    setStatus({ kind: 'none' })
  }
  const setPhase = (i: number, p: AuthoredPhase) =>
    update({ ...draft, phases: draft.phases.map((q, j) => (j === i ? p : q)) })
  const movePhase = (i: number, by: number) => {
    const ps = [...draft.phases]
    const [p] = ps.splice(i, 1)
    if (!p) return
    ps.splice(i + by, 0, p)
    update({ ...draft, phases: ps })
  }
  const replace = (d: AuthoredScenario) => {
    keepPrevious(draft)
    setPrevious(draft)
    setDraft(d)
  }

  const share = () => {
    // The draft goes through the same schema a link is read with: no link the viewer refuses.
    const sound = upgrade(JSON.parse(JSON.stringify(draft)) as unknown)
    if (!sound.ok) {
      setStatus({ kind: 'refused', text: authoredErrorText(sound.error)[lang] })
      return
    }
    const bad = check.problems[0]
    if (bad) {
      setStatus({
        kind: 'refused',
        text: t('editor.share.bad', { phase: bad.phase + 1, line: bad.line, column: bad.column }),
      })
      return
    }
    // A question the viewer could not ask would refuse the link there: say so here instead.
    const q = check.questions.find((x) => !x.generated.ok)
    if (q && !q.generated.ok) {
      setStatus({
        kind: 'refused',
        text: t('editor.share.question', {
          phase: q.phase + 1,
          q: q.index + 1,
          message: q.generated.error[lang],
        }),
      })
      return
    }
    const h = shareHash(sound.value)
    if (!h.ok) {
      download(fileName(sound.value), authoredFileText(sound.value))
      setStatus({ kind: 'too-long', length: h.error.length, max: h.error.max })
      return
    }
    const url = `${location.origin}${location.pathname}${location.search}${h.value}`
    setStatus({ kind: 'link', url, missing: check.missing.length })
    void navigator.clipboard?.writeText(url).catch(() => {})
  }
  const saveFile = () => {
    download(fileName(draft), authoredFileText(draft))
    setStatus({ kind: 'saved-file', name: fileName(draft) })
  }

  return (
    <div className="editor">
      <div className="editor-head">
        <h1>{t('editor.heading')}</h1>
        <OpenBuiltIn
          lang={lang}
          onOpen={(d, title) => {
            replace(d)
            setStatus({ kind: 'opened', title })
          }}
          onRefused={(text) => setStatus({ kind: 'refused', text })}
        />
        <button type="button" onClick={() => replace(blankAuthored())}>
          {t('editor.new')}
        </button>
        <button type="button" onClick={saveFile}>
          {t('editor.download')}
        </button>
        <button type="button" className="primary" onClick={share} data-testid="editor-share">
          {t('editor.share')}
        </button>
      </div>
      <DraftMessages loaded={loaded} stored={stored} t={t} lang={lang} />
      {previous && (
        <p className="editor-note" role="status">
          {t('editor.previousKept')}{' '}
          <button
            type="button"
            onClick={() => {
              // A swap, not a loss: the draft on screen becomes the previous one.
              replace(loadPrevious() ?? previous)
            }}
          >
            {t('editor.restore')}
          </button>
        </p>
      )}
      <ShareStatus status={status} t={t} />
      <div className="editor-grid">
        <form
          className="editor-script"
          aria-label={t('editor.script')}
          onSubmit={(e) => e.preventDefault()}
        >
          <ScenarioFields draft={draft} check={check} onChange={update} />
          {draft.phases.map((p, i) => (
            <PhaseBlock
              key={i}
              index={i}
              count={draft.phases.length}
              phase={p}
              check={check}
              lang={lang}
              onChange={(q) => setPhase(i, q)}
              onMove={(by) => movePhase(i, by)}
              onRemove={() => update({ ...draft, phases: draft.phases.filter((_, j) => j !== i) })}
            />
          ))}
          <button
            type="button"
            disabled={draft.phases.length >= LIMITS.phases}
            onClick={() =>
              update({
                ...draft,
                phases: [
                  ...draft.phases,
                  { title: { en: '', zh: '' }, script: '', say: { en: '', zh: '' } },
                ],
              })
            }
          >
            {t('editor.addPhase')}
          </button>
        </form>
        <LiveStage check={check} lang={lang} />
      </div>
    </div>
  )
}

function DraftMessages({
  loaded,
  stored,
  t,
  lang,
}: {
  readonly loaded: DraftLoad
  readonly stored: boolean
  readonly t: TFunction
  readonly lang: Lang
}) {
  return (
    <>
      {loaded.kind === 'unreadable' && (
        <p className="editor-problem" role="alert" data-testid="draft-unreadable">
          {t('editor.draftUnreadable', { reason: authoredErrorText(loaded.error)[lang] })}
        </p>
      )}
      {!stored && (
        <p className="editor-problem" role="alert">
          {t('editor.notStored')}
        </p>
      )}
    </>
  )
}

function ShareStatus({ status, t }: { readonly status: Status; readonly t: TFunction }) {
  const id = useId()
  switch (status.kind) {
    case 'none':
      return null
    case 'link':
      return (
        <div className="editor-share" role="status" data-testid="share-status">
          <label htmlFor={id}>{t('editor.link')}</label>
          <input
            id={id}
            readOnly
            value={status.url}
            data-testid="share-link"
            onFocus={(e) => e.target.select()}
          />
          <a href={status.url} target="_blank" rel="noopener">
            {t('editor.openLink')}
          </a>
          {status.missing > 0 && <p>{t('editor.sharedMissing', { count: status.missing })}</p>}
        </div>
      )
    case 'too-long':
      return (
        <p className="editor-problem" role="alert" data-testid="share-status">
          {t('editor.tooLong', { length: status.length, max: status.max })}
        </p>
      )
    case 'refused':
      return (
        <p className="editor-problem" role="alert" data-testid="share-status">
          {status.text}
        </p>
      )
    case 'saved-file':
      return (
        <p className="editor-note" role="status" data-testid="share-status">
          {t('editor.savedFile', { name: status.name })}
        </p>
      )
    case 'opened':
      return (
        <p className="editor-note" role="status" data-testid="share-status">
          {t('editor.opened', { title: status.title })}
        </p>
      )
  }
}

function OpenBuiltIn({
  lang,
  onOpen,
  onRefused,
}: {
  readonly lang: Lang
  readonly onOpen: (d: AuthoredScenario, title: string) => void
  readonly onRefused: (text: string) => void
}) {
  const { t } = useTranslation()
  const id = useId()
  const [choice, setChoice] = useState('')
  return (
    <span className="editor-open">
      <label htmlFor={id}>{t('editor.openBuiltIn')}</label>
      <select id={id} value={choice} onChange={(e) => setChoice(e.target.value)}>
        <option value="">{t('editor.choose')}</option>
        {CATALOGUE.map((s) => (
          <option key={s.id} value={s.id}>
            {pick(s.title, lang)}
          </option>
        ))}
      </select>
      <button
        type="button"
        disabled={choice === ''}
        onClick={() => {
          void loadScenario(choice).then(
            (s) => {
              if (!s) return
              const r = fromScenario(s)
              if (r.ok) onOpen(r.value, pick(s.title, lang))
              else onRefused(authoredErrorText(r.error)[lang])
            },
            (e: unknown) => onRefused(e instanceof Error ? e.message : String(e)),
          )
        }}
      >
        {t('editor.open')}
      </button>
    </span>
  )
}

function ScenarioFields({
  draft,
  check,
  onChange,
}: {
  readonly draft: AuthoredScenario
  readonly check: AuthoredCheck
  readonly onChange: (d: AuthoredScenario) => void
}) {
  const { t } = useTranslation()
  const idOk = ID_RE.test(draft.id)
  const idHelp = useId()
  return (
    <fieldset className="editor-fields">
      <legend>{t('editor.scenario')}</legend>
      <TwoLang
        label={t('editor.title')}
        value={draft.title}
        max={{ en: LIMITS.scenarioTitle, zh: LIMITS.scenarioTitle }}
        missing={check.missing.filter((m) => m.phase === null)}
        onChange={(title) => onChange({ ...draft, title })}
      />
      <label className="editor-field">
        <span>{t('editor.id')}</span>
        <input
          value={draft.id}
          maxLength={64}
          spellCheck={false}
          aria-invalid={!idOk}
          aria-describedby={idHelp}
          onChange={(e) =>
            onChange({ ...draft, id: e.target.value.toLowerCase().replace(/[^a-z0-9-]/g, '-') })
          }
        />
      </label>
      <p id={idHelp} className={idOk ? 'editor-hint' : 'editor-problem'}>
        {t('editor.idHelp')}
      </p>
    </fieldset>
  )
}

/** An English and a Chinese field side by side; a missing one says so in words. */
function TwoLang({
  label,
  value,
  max,
  missing,
  multiline = false,
  onChange,
}: {
  readonly label: string
  readonly value: { readonly en: string; readonly zh: string }
  readonly max: { readonly en: number; readonly zh: number }
  readonly missing: readonly MissingText[]
  readonly multiline?: boolean
  readonly onChange: (v: { en: string; zh: string }) => void
}) {
  const { t } = useTranslation()
  const base = useId()
  return (
    <div className="editor-twolang">
      {(['en', 'zh'] as const).map((l) => {
        const gone = missing.some((m) => m.lang === l)
        const noteId = `${base}-${l}`
        const name = `${label}${t('punct.paren', { x: t(LANG_NAME[l]) })}`
        const common = {
          value: value[l],
          maxLength: max[l],
          lang: l === 'zh' ? 'zh-CN' : 'en',
          'aria-label': name,
          'aria-describedby': gone ? noteId : undefined,
          onChange: (e: { target: { value: string } }) =>
            onChange({ ...value, [l]: e.target.value }),
        }
        return (
          <div key={l} className="editor-field">
            <span aria-hidden="true">{name}</span>
            {multiline ? <textarea rows={3} {...common} /> : <input {...common} />}
            {gone && (
              <p id={noteId} className="editor-missing" data-testid="missing-translation">
                <span aria-hidden="true">⚠ </span>
                {t('editor.missing', {
                  lang: t(LANG_NAME[l]),
                  other: t(LANG_NAME[l === 'en' ? 'zh' : 'en']),
                })}
              </p>
            )}
          </div>
        )
      })}
    </div>
  )
}

function PhaseBlock({
  index,
  count,
  phase,
  check,
  lang,
  onChange,
  onMove,
  onRemove,
}: {
  readonly index: number
  readonly count: number
  readonly phase: AuthoredPhase
  readonly check: AuthoredCheck
  readonly lang: Lang
  readonly onChange: (p: AuthoredPhase) => void
  readonly onMove: (by: number) => void
  readonly onRemove: () => void
}) {
  const { t } = useTranslation()
  const n = index + 1
  const scriptId = useId()
  const problemsId = useId()
  const problems = check.problems.filter((p) => p.phase === index)
  const missing = check.missing.filter((m) => m.phase === index)
  const lines = phase.script.split('\n')
  const bad = new Map(problems.map((p) => [p.line, p]))
  const empty = check.empty.includes(index) && problems.length === 0
  return (
    <fieldset className="editor-phase" data-testid={`phase-${n}`}>
      <legend>{t('editor.phase', { n })}</legend>
      <div className="editor-phase-tools">
        <button
          type="button"
          disabled={index === 0}
          onClick={() => onMove(-1)}
          aria-label={t('editor.up', { n })}
        >
          ↑
        </button>
        <button
          type="button"
          disabled={index === count - 1}
          onClick={() => onMove(1)}
          aria-label={t('editor.down', { n })}
        >
          ↓
        </button>
        <button
          type="button"
          disabled={count === 1}
          onClick={onRemove}
          aria-label={t('editor.remove', { n })}
        >
          {t('editor.removeShort')}
        </button>
      </div>
      <TwoLang
        label={t('editor.phaseTitle')}
        value={phase.title}
        max={LIMITS.phaseTitle}
        missing={missing.filter((m) => m.field === 'title')}
        onChange={(title) => onChange({ ...phase, title })}
      />
      <label htmlFor={scriptId} className="editor-label">
        {t('editor.lines')}
      </label>
      <div className="editor-code">
        {/* The gutter: each line's number, and a mark beside a bad one (not colour alone). */}
        <ol className="editor-gutter" aria-hidden="true">
          {lines.map((_, i) => (
            <li key={i} className={bad.has(i + 1) ? 'bad' : undefined}>
              {bad.has(i + 1) ? '✗' : ''}
              {i + 1}
            </li>
          ))}
        </ol>
        <textarea
          id={scriptId}
          className="editor-lines"
          value={phase.script}
          rows={Math.max(3, lines.length)}
          wrap="off"
          spellCheck={false}
          autoCapitalize="off"
          data-testid={`phase-${n}-script`}
          aria-invalid={problems.length > 0}
          aria-describedby={problems.length > 0 ? problemsId : undefined}
          onChange={(e) => onChange({ ...phase, script: e.target.value.replace(/\r/g, '') })}
        />
      </div>
      {problems.length > 0 && (
        <ul id={problemsId} className="editor-problems" data-testid={`phase-${n}-problems`}>
          {problems.map((p) => (
            <li key={`${p.line}:${p.kind}`}>
              <span aria-hidden="true">✗ </span>
              {t('editor.problem', { line: p.line, column: p.column, message: p.message })}
              <code className="editor-problem-line">
                {lines[p.line - 1] ?? ''}
                {'\n'}
                {' '.repeat(Math.max(0, p.column - 1))}^
              </code>
            </li>
          ))}
        </ul>
      )}
      {empty && <p className="editor-hint">{t('editor.noSteps')}</p>}
      <TwoLang
        label={t('editor.say')}
        value={phase.say}
        max={{ en: LIMITS.say, zh: LIMITS.say }}
        missing={missing.filter((m) => m.field === 'say')}
        multiline
        onChange={(say) => onChange({ ...phase, say })}
      />
      <QuestionsBlock index={index} phase={phase} check={check} lang={lang} onChange={onChange} />
    </fieldset>
  )
}

/** The draft running: the panels its lines need, a step at a time, with the narration. */
function LiveStage({ check, lang }: { readonly check: AuthoredCheck; readonly lang: Lang }) {
  const { t } = useTranslation()
  const frames = check.run.trace.frames
  const [want, setWant] = useState(0)
  // An edit can shorten the run: the stage stays on the nearest step that still exists.
  const cursor = Math.min(want, Math.max(0, frames.length - 1))
  const frame = frames[cursor]
  const { scenario } = check
  return (
    <section className="editor-stage" aria-label={t('editor.stage')}>
      <div className="editor-stage-controls">
        <button
          type="button"
          onClick={() => setWant(Math.max(0, cursor - 1))}
          disabled={cursor === 0}
        >
          {t('editor.prev')}
        </button>
        <span data-testid="editor-step" aria-live="polite">
          {frames.length === 0
            ? t('editor.noStepsYet')
            : t('editor.step', { n: cursor + 1, count: frames.length })}
        </span>
        <button
          type="button"
          onClick={() => setWant(Math.min(frames.length - 1, cursor + 1))}
          disabled={cursor >= frames.length - 1}
        >
          {t('editor.next')}
        </button>
      </div>
      {frame && (
        <div className="editor-stage-body">
          <div className="stage">
            {scenario.panels.map((id) => (
              <div key={id} className="stage-slot" data-panel={id}>
                <PanelSlot
                  id={id}
                  frame={frame}
                  frames={frames}
                  owns={id === focusPanel(scenario.panels, frame.event)}
                />
              </div>
            ))}
          </div>
          <Narration scenario={scenario} frame={frame} lang={lang} />
        </div>
      )}
    </section>
  )
}
