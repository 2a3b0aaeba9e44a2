import { runScript } from '../src/console/index.ts'
import { placeQuestions } from '../src/quiz/index.ts'
import { CATALOGUE, scenarioScript } from '../src/scenarios/index.ts'
import { phases as exitReasons } from '../src/scenarios/vmx-exit-reasons.ts'
import { expect, expectAxeClean, shot, status, test } from './fixtures.ts'

// Every press shows something (issue 13): setup steps draw what they build, and a step that
// changes nothing on purpose says so in the narration.

test('EPT setup: the guest and EPT tables grow one entry per press, the entry marked', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.goto('/#/ept-2d-walk/9')
  await expect(status(page)).toHaveText('Step 9 of 112')
  const build = page.getByTestId('w2d-build')
  // The PDE written at step 9; the PTE the same `map` writes next is not drawn yet.
  await expect(build.getByTestId('w2d-b-entry-0x102000')).toContainText('this step')
  await expect(build.getByTestId('w2d-b-entry-0x103038')).toHaveCount(0)
  await page.keyboard.press('ArrowRight')
  await expect(status(page)).toHaveText('Step 10 of 112')
  await expect(build.getByTestId('w2d-b-entry-0x103038')).toContainText('this step')
  await expect(build.getByTestId('w2d-b-entry-0x102000')).not.toContainText('this step')
  await expectAxeClean(page)
  await shot(page, 'every-press-ept-build')

  await page.goto('/?lang=zh#/ept-2d-walk/22')
  await expect(page.getByTestId('w2d-b-entry-0x10003808')).toContainText('本步')
  await expectAxeClean(page)
  await shot(page, 'every-press-ept-build-zh')
})

test('a deliberate pause says why nothing moves, in en, zh and presenter mode', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 })
  // The first marked pause of vmx-controls is step 19 (HLT with HLT exiting off).
  await page.goto('/#/vmx-controls/18')
  await expect(status(page)).toHaveText(/^Step 18 of \d+$/)
  await expect(page.getByTestId('narration-pause')).toHaveCount(0)
  await page.keyboard.press('ArrowRight')
  const pause = page.getByTestId('narration-pause')
  await expect(pause).toContainText('A deliberate pause')
  await expect(pause).toContainText('HLT exiting is off')
  await expectAxeClean(page)
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.keyboard.press('p')
  await expect(page.locator(':root.presenter')).toHaveCount(1)
  await expect(pause).toBeInViewport()
  await shot(page, 'every-press-pause-presenter')
  await page.goto('/?lang=zh#/vmx-controls/20')
  await expect(page.getByTestId('narration-pause')).toContainText('有意的停顿')
})

test('with questions on, the press before a question step shows the question, the step stays', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 })
  // vmx-exit-reasons asks the exit reason on the first step of each exit phase (CPUID first).
  const meta = CATALOGUE.find((m) => m.id === 'vmx-exit-reasons')
  if (!meta) throw new Error('no vmx-exit-reasons')
  const { source, phaseOf } = scenarioScript({ ...meta, phases: exitReasons })
  const frames = runScript(source, { phaseOf }).trace.frames
  const q = placeQuestions(exitReasons, frames)[0]
  if (!q) throw new Error('no question')
  const before = `Step ${q.index} of ${meta.steps}`
  await page.goto(`/?quiz=class#/vmx-exit-reasons/${q.index}`)
  await expect(status(page)).toHaveText(before)
  await page.keyboard.press('ArrowRight')
  await expect(status(page)).toHaveText(before)
  await expect(page.getByTestId('quiz')).toHaveAttribute('data-stage', 'asked')
  await page.keyboard.press('ArrowRight')
  await expect(status(page)).toHaveText(`Step ${q.index + 1} of ${meta.steps}`)
  await expect(page.getByTestId('quiz-answer')).toContainText('10 CPUID')
})
