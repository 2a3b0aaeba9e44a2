import { memo, useEffect, useId, useLayoutEffect, useRef, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { pick } from '../../i18n/index.ts'
import { chapterIndexAt, selectChapters, skipSetupTarget } from '../../state/chapters.ts'
import { runAppCommand } from '../../state/commands.ts'
import { selectChaptersOpen, selectLang, selectPlayback } from '../../state/selectors.ts'
import { useVmStore, vmStore } from '../../state/store.ts'

interface Props {
  /** Which way the list opens: down under the title, up from the controls (embed). */
  readonly place: 'down' | 'up'
}

const close = (): void => vmStore.getState().setChaptersOpen(false)

/**
 * The table of contents: a button that opens the list of the scenario's phases, each a jump to
 * its first step, and "Skip setup" when the scenario starts with setup phases. A disclosure
 * (button + list of buttons), not an ARIA menu: Tab works through it as through any list,
 * ↑/↓/Home/End move within it, Escape closes it and returns to the button.
 */
// Memo: the player re-renders every step; the menu only when a chapter number changes.
export const ChapterMenu = memo(function ChapterMenu({ place }: Props) {
  const { t } = useTranslation()
  const chapters = useVmStore(selectChapters)
  const open = useVmStore(selectChaptersOpen)
  const lang = useVmStore(selectLang)
  // What the menu shows of the cursor, as numbers: a step inside the same chapter (most steps)
  // leaves both equal, so the menu does not re-render.
  const currentIndex = useVmStore((s) =>
    chapterIndexAt(selectChapters(s), selectPlayback(s).cursor),
  )
  const skipTo = useVmStore((s) => skipSetupTarget(selectChapters(s), selectPlayback(s).cursor))
  const listId = useId()
  const root = useRef<HTMLDivElement>(null)
  const trigger = useRef<HTMLButtonElement>(null)
  const list = useRef<HTMLOListElement>(null)
  const hasSetup = chapters[0]?.setup === true && chapters.some((c) => !c.setup)

  // Opening (by the button or the T key) puts focus on the current chapter; closing while
  // focus is in the list (T, or a click elsewhere) hands it back to the button, not to <body>.
  useLayoutEffect(() => {
    const l = list.current
    if (open)
      (
        l?.querySelector<HTMLButtonElement>('button[aria-current]') ?? l?.querySelector('button')
      )?.focus()
    else if (l?.contains(document.activeElement)) trigger.current?.focus()
  }, [open])

  // A click or a focus anywhere else closes the list, as a native <select> does.
  useEffect(() => {
    if (!open) return
    const outside = (e: Event): void => {
      if (e.target instanceof Node && !root.current?.contains(e.target)) close()
    }
    document.addEventListener('pointerdown', outside)
    document.addEventListener('focusin', outside)
    return () => {
      document.removeEventListener('pointerdown', outside)
      document.removeEventListener('focusin', outside)
    }
  }, [open])

  // The list closes when the chapters change (another scenario, an added console line) and
  // never outlives the player.
  useEffect(() => close, [chapters])

  if (chapters.length < 2) return null

  const jump = (first: number): void => {
    vmStore.getState().seek(first)
    close()
    // Back on the button, the clicker keys (→, PageDown) step on at once.
    trigger.current?.focus()
  }

  const onListKey = (e: KeyboardEvent<HTMLOListElement>): void => {
    const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])]
    const at = buttons.findIndex((b) => b === document.activeElement)
    const go = (i: number): void => {
      e.preventDefault()
      buttons[(i + buttons.length) % buttons.length]?.focus()
    }
    if (e.key === 'ArrowDown') go(at + 1)
    else if (e.key === 'ArrowUp') go(at - 1)
    else if (e.key === 'Home') go(0)
    else if (e.key === 'End') go(buttons.length - 1)
  }

  // Escape from the list or the button closes the list and leaves focus on the button.
  const onRootKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key !== 'Escape' || !open) return
    e.preventDefault()
    close()
    trigger.current?.focus()
  }

  const total = chapters.length
  return (
    <div className={`chapters chapters-${place}`} ref={root} onKeyDown={onRootKey}>
      <button
        ref={trigger}
        type="button"
        className="chapters-toggle"
        aria-expanded={open}
        aria-controls={listId}
        title={`${t('key.chapters')} (T)`}
        onClick={() => runAppCommand(vmStore, 'chapters')}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" width="1em" height="1em" className="icon">
          <path d="M4 6h2M9 6h11M4 12h2M9 12h11M4 18h2M9 18h11" />
        </svg>
        {t('chapters.button')}
        <span className="chapters-count">
          {currentIndex >= 0 ? `${currentIndex + 1}/${total}` : total}
        </span>
      </button>
      {hasSetup && (
        <button
          type="button"
          className="chapters-skip"
          disabled={skipTo === null}
          title={
            skipTo === null
              ? `${t('key.skipSetup')} (S)`
              : `${t('chapters.skipSetupTo', { step: skipTo + 1 })} (S)`
          }
          onClick={() => runAppCommand(vmStore, 'skip-setup')}
        >
          {t('chapters.skipSetup')}
          <svg aria-hidden="true" viewBox="0 0 24 24" width="1em" height="1em" className="icon">
            <path d="M5 5l8 7-8 7zM13 5l8 7-8 7z" />
          </svg>
        </button>
      )}
      <nav id={listId} className="chapters-list" aria-label={t('chapters.label')} hidden={!open}>
        <ol ref={list} onKeyDown={onListKey}>
          {chapters.map((c, i) => {
            const current = i === currentIndex
            return (
              <li key={c.id}>
                <button
                  type="button"
                  aria-current={current ? 'step' : undefined}
                  onClick={() => jump(c.first)}
                >
                  {/* The spaces separate the parts of the button's name; a grid drops them. */}
                  <span className="chapter-no">{i + 1}</span>{' '}
                  <span className="chapter-title">{pick(c.title, lang)}</span>{' '}
                  {c.setup && <span className="chapter-tag">{t('chapters.setup')}</span>}{' '}
                  <span className="chapter-steps">
                    {c.first === c.last
                      ? t('chapters.step', { first: c.first + 1 })
                      : t('chapters.steps', { first: c.first + 1, last: c.last + 1 })}
                  </span>
                </button>
              </li>
            )
          })}
        </ol>
      </nav>
    </div>
  )
})
