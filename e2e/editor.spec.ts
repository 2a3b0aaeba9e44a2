import LZString from 'lz-string'
import type { Page } from 'playwright/test'
import { type AuthoredScenario, FORMAT_TAG } from '../src/state/authored.ts'
import { checkAuthored } from '../src/state/authoredCheck.ts'
import { SHOTS, expect, expectAxeClean, shot, test } from './fixtures.ts'

// What the test types, and the same scenario as the format holds it (for the step count).
const P1 = { title: 'Map a page', lines: ['map 0x1000 0x5000 w'], say: 'The OS maps one page.' }
const P2 = {
  title: 'Read it',
  titleZh: '读取',
  lines: ['access 0x1000 read'],
  say: 'A read walks the tables.',
  sayZh: '一次读取会遍历页表。',
}
const written: AuthoredScenario = {
  format: FORMAT_TAG,
  v: 1,
  id: 'my-scenario',
  title: { en: 'Map, then read', zh: '先映射，再读取' },
  phases: [
    { title: { en: P1.title, zh: '' }, script: P1.lines.join('\n'), say: { en: P1.say, zh: '' } },
    {
      title: { en: P2.title, zh: P2.titleZh },
      script: P2.lines.join('\n'),
      say: { en: P2.say, zh: P2.sayZh },
    },
  ],
}

const collect = (page: Page): string[] => {
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(String(e)))
  return errors
}

test('write a two-phase scenario with the keyboard, share it, open the link cold', async ({
  page,
  browser,
}) => {
  await page.goto('/#/edit')
  const k = page.keyboard
  await page.getByLabel('Title (English)', { exact: true }).focus()
  await k.type(written.title.en)
  await k.press('Tab')
  await k.type(written.title.zh)
  await k.press('Tab') // file name
  await k.press('Tab') // phase 1's tools are all disabled with one phase: its chapter title
  await k.type(P1.title)
  await k.press('Tab')
  await k.press('Tab') // the script
  // A bad line first: marked in place with the parser's line and column.
  await k.type(P1.lines[0] ?? '')
  await k.press('Enter')
  await k.type('map 0x2000 zebra')
  const problems = page.getByTestId('phase-1-problems')
  await expect(problems).toContainText('Line 2, column 12')
  await expect(page.getByTestId('phase-1-script')).toHaveAttribute('aria-invalid', 'true')
  // Sharing now is refused with the place, and nothing is lost.
  await page.getByRole('button', { name: 'Share link' }).press('Enter')
  await expect(page.getByTestId('share-status')).toContainText('phase 1 has a bad line (line 2')
  await page.getByTestId('phase-1-script').focus()
  await k.press('End')
  for (let i = 0; i < 'map 0x2000 zebra'.length + 1; i++) await k.press('Backspace')
  await expect(problems).toHaveCount(0)
  await k.press('Tab')
  await k.type(P1.say)
  await k.press('Tab') // no Chinese narration for phase 1: flagged, still shareable
  // Then phase 1's "Add a question" controls (its line makes steps), then "Add a phase".
  const addPhase = page.getByRole('button', { name: 'Add a phase' })
  for (let i = 0; i < 5 && !(await addPhase.evaluate((b) => b === document.activeElement)); i++)
    await k.press('Tab')
  await expect(addPhase).toBeFocused()
  await k.press('Enter')
  // Back from "Add a phase" into phase 2: say zh, say en, script, title zh, title en.
  for (let i = 0; i < 5; i++) await k.press('Shift+Tab')
  await k.type(P2.title)
  await k.press('Tab')
  await k.type(P2.titleZh)
  await k.press('Tab')
  await k.type(P2.lines[0] ?? '')
  await k.press('Tab')
  await k.type(P2.say)
  await k.press('Tab')
  await k.type(P2.sayZh)

  const steps = checkAuthored(written).run.trace.frames.length
  await expect(page.getByTestId('editor-step')).toHaveText(`Step 1 of ${steps}`)
  await expect(page.getByTestId('missing-translation')).toHaveCount(2)
  await shot(page, 'editor-en')
  await expectAxeClean(page)

  await page.getByRole('button', { name: 'Share link' }).press('Enter')
  const link = await page.getByTestId('share-link').inputValue()
  expect(link).toMatch(/#\/authored\/1\//)
  await expect(page.getByTestId('share-status')).toContainText('2 text(s)')

  // Reload: the draft is still there.
  await page.reload()
  await expect(page.getByLabel('Title (English)', { exact: true })).toHaveValue(written.title.en)
  await expect(page.getByTestId('phase-2-script')).toHaveValue(P2.lines[0] ?? '')

  // A fresh browser context (no storage, no cache) opens the link and steps it.
  const cold = await browser.newContext({ viewport: { width: 1280, height: 720 } })
  const viewer = await cold.newPage()
  const errors = collect(viewer)
  await viewer.goto(link)
  await expect(viewer.getByRole('heading', { level: 1 })).toHaveText(written.title.en)
  await expect(viewer.getByTestId('narration')).toHaveText(P1.say)
  await expect(viewer.getByRole('status').filter({ hasText: ' of ' }).first()).toContainText(
    `of ${steps}`,
  )
  for (let i = 1; i < steps; i++) await viewer.keyboard.press('ArrowRight')
  await expect(viewer.getByTestId('narration')).toHaveText(P2.say)
  await expect(viewer.getByTestId('phase-now')).toContainText(P2.title)
  await expect(viewer).toHaveURL(new RegExp(`#/authored/${steps}/`))
  await viewer.screenshot({ path: `${SHOTS}/editor-viewer-en.png` })
  // In Chinese: phase 1 has no Chinese narration, so its English shows, marked.
  await viewer.goto(link.replace('#', '?lang=zh#'))
  await expect(viewer.getByTestId('narration-fallback')).toBeVisible()
  await expect(viewer.getByTestId('narration')).toHaveText(P1.say)
  await viewer.screenshot({ path: `${SHOTS}/editor-viewer-zh.png` })
  expect(errors).toEqual([])
  await cold.close()
})

test('the editor in Chinese, and a draft that cannot be read', async ({ page }) => {
  await page.goto('/?lang=zh#/edit')
  await page.evaluate(() => localStorage.setItem('vmscope.editor.draft.v1', '{"format":'))
  await page.reload()
  await expect(page.getByTestId('draft-unreadable')).toContainText('vmscope.editor.unreadable.v1')
  expect(await page.evaluate(() => localStorage.getItem('vmscope.editor.unreadable.v1'))).toBe(
    '{"format":',
  )
  await page.getByLabel('控制台命令（每行一条）').fill('map 0x1000 0x5000 w\nfly away')
  await expect(page.getByTestId('phase-1-problems')).toContainText('第 2 行，第 1 列')
  await shot(page, 'editor-zh')
})

test('bad links say what and where, and run nothing', async ({ page }) => {
  const payload = (o: unknown) => LZString.compressToEncodedURIComponent(JSON.stringify(o))
  const forged = { ...written, phases: [{ ...written.phases[0], say: { en: 7, zh: '' } }] }
  await page.goto(`/#/authored/1/${payload(forged)}`)
  await expect(page.getByTestId('route-error')).toContainText('phases[0].say.en')
  const broken = {
    ...written,
    phases: [written.phases[0], { ...written.phases[1], script: 'ring nope front push' }],
  }
  await page.goto(`/#/authored/1/${payload(broken)}`)
  await expect(page.getByTestId('route-error')).toContainText('phase 2, line 1, column 6')
  // Nothing is lost: the scenario goes to the editor, the bad line marked there.
  await page.getByRole('button', { name: 'Open it in the editor' }).click()
  await expect(page).toHaveURL(/#\/edit$/)
  await expect(page.getByTestId('phase-2-problems')).toContainText('Line 1, column 6')
  await expect(page.getByTestId('phase-1-script')).toHaveValue(written.phases[0]?.script ?? '')
  await page.goto(`/#/authored/1/${payload({ ...written, v: 9 })}`)
  await expect(page.getByTestId('route-error')).toContainText('v9')
  // An old custom-script link still opens as it did.
  await page.goto(`/#/custom/1/${payload({ v: 1, lines: ['map 0x1000 0x5000 w'] })}`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your script')
})

test('a scenario too large for a link is downloaded, and Load script opens it', async ({
  page,
}) => {
  await page.goto('/#/edit')
  // Narration that does not compress, in one phase: over the link's limit.
  const noise = (seed: number) =>
    Array.from({ length: 1900 }, (_, i) =>
      String.fromCharCode(0x4e00 + (((i + seed * 1901) * 7919) % 20000)),
    ).join('')
  await page.getByLabel('Title (English)', { exact: true }).fill('Big')
  await page.getByTestId('phase-1-script').fill('map 0x1000 0x5000 w')
  for (let i = 0; i < 6; i++) {
    if (i > 0) await page.getByRole('button', { name: 'Add a phase' }).click()
    await page.getByTestId(`phase-${i + 1}-script`).fill('map 0x1000 0x5000 w')
    await page.getByLabel('Narration (Chinese)', { exact: true }).nth(i).fill(noise(i))
  }
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Share link' }).click()
  const file = await download
  await expect(page.getByTestId('share-status')).toContainText('over the 16384 a link may have')
  const path = `test-results/${file.suggestedFilename()}`
  await file.saveAs(path)
  expect(file.suggestedFilename()).toBe('my-scenario.vmscope.json')
  await page.goto('/#/')
  await page.getByTestId('load-script').setInputFiles(path)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Big')
  await expect(page).toHaveURL(/#\/authored\/1$/)
})

test('add a question with the keyboard, share, open cold: the question is asked', async ({
  page,
  browser,
}) => {
  // One phase: a page mapped, a read that translates, a read of an unmapped page (#PF).
  const script = 'map 0x1000 0x5000 w\naccess 0x1000 read\naccess 0x9000 read'
  const a: AuthoredScenario = {
    ...written,
    title: { en: 'Predict the fault', zh: '预测缺页' },
    phases: [{ title: { en: 'Fault', zh: '缺页' }, script, say: { en: 'Read.', zh: '读取。' } }],
  }
  const frames = checkAuthored(a).run.trace.frames
  // The step the #PF question is about: the first frame of the last line (the unmapped read).
  const pfStep = frames.findIndex((f) => f.line === 3) + 1
  expect(pfStep).toBeGreaterThan(1)
  await page.goto('/#/edit')
  await page.getByLabel('Title (English)', { exact: true }).fill(a.title.en)
  await page.getByLabel('Title (Chinese)', { exact: true }).fill(a.title.zh)
  await page.getByTestId('phase-1-script').fill(script)
  await page.getByLabel('Chapter title (English)', { exact: true }).fill('Fault')
  await page.getByLabel('Chapter title (Chinese)', { exact: true }).fill('缺页')
  await page.getByLabel('Narration (English)', { exact: true }).fill('Read.')
  await page.getByLabel('Narration (Chinese)', { exact: true }).fill('读取。')

  const k = page.keyboard
  // The step: Home is step 1, each ArrowDown the next.
  await page.getByTestId('phase-1-q-step').focus()
  await k.press('Home')
  for (let i = 1; i < pfStep; i++) await k.press('ArrowDown')
  await expect(page.getByTestId('phase-1-q-step')).toHaveValue(String(pfStep))
  await k.press('Tab')
  const kind = page.getByTestId('phase-1-q-kind')
  await expect(kind).toBeFocused()
  // The kinds that fit the step come first: a #PF question is offered, its prompt shown live.
  await expect(kind).toHaveValue('pf-error-code')
  const preview = page.getByTestId('phase-1-q-preview')
  await expect(preview).toContainText('Which #PF error code will this raise?')
  await expect(preview).toContainText('Answer:')
  // The last kind does not fit this step: the generator's reason, marked, and no Add.
  await k.press('End')
  await expect(preview).toContainText('Cannot ask')
  await expect(page.getByRole('button', { name: 'Add a question' })).toBeDisabled()
  await k.press('Home')
  await expect(kind).toHaveValue('pf-error-code')
  await k.press('Tab')
  await expect(page.getByRole('button', { name: 'Add a question' })).toBeFocused()
  await k.press('Enter')
  const added = page.getByTestId('phase-1-question-1')
  await expect(added).toContainText(`Step ${pfStep} · pf-error-code`)
  await expect(added).toContainText('Which #PF error code will this raise?')
  await expectAxeClean(page)
  await shot(page, 'editor-question-en')

  await page.getByRole('button', { name: 'Share link' }).press('Enter')
  const link = await page.getByTestId('share-link').inputValue()

  const cold = await browser.newContext({ viewport: { width: 1280, height: 720 } })
  const viewer = await cold.newPage()
  const errors = collect(viewer)
  await viewer.goto(
    link.replace('#', '?quiz=class#').replace('#/authored/1/', `#/authored/${pfStep - 1}/`),
  )
  await expect(viewer.getByRole('heading', { level: 1 })).toHaveText(a.title.en)
  await expect(viewer.getByTestId('quiz')).toHaveCount(0)
  await viewer.keyboard.press('ArrowRight')
  await expect(viewer.getByTestId('quiz')).toHaveAttribute('data-stage', 'asked')
  await expect(viewer.getByTestId('quiz-prompt')).toHaveText(
    'Which #PF error code will this raise?',
  )
  await viewer.keyboard.press('ArrowRight')
  await expect(viewer.getByTestId('quiz')).toHaveAttribute('data-stage', 'revealed')
  await viewer.screenshot({ path: `${SHOTS}/editor-question-viewer.png` })
  expect(errors).toEqual([])
  await cold.close()

  // Removing it takes it out of the draft.
  await page.getByRole('button', { name: 'Remove question 1 of phase 1' }).press('Enter')
  await expect(added).toHaveCount(0)
})

test('a forged question in a link is refused, naming the phase and the question', async ({
  page,
}) => {
  const payload = (o: unknown) => LZString.compressToEncodedURIComponent(JSON.stringify(o))
  const forged = {
    ...written,
    phases: [written.phases[0], { ...written.phases[1], questions: [{ step: 1, kind: 'eval' }] }],
  }
  await page.goto(`/#/authored/1/${payload(forged)}`)
  await expect(page.getByTestId('route-error')).toContainText('phase "2", question 1')
  await expect(page.getByTestId('route-error')).toContainText('Nothing was run')
})
