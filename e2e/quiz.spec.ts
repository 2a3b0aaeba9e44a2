import { runScript } from '../src/console/index.ts'
import { placeQuestions } from '../src/quiz/index.ts'
import { CATALOGUE, scenarioScript } from '../src/scenarios/index.ts'
import { phases as faults } from '../src/scenarios/paging-faults.ts'
import { phases as walk4 } from '../src/scenarios/paging-walk-4level.ts'
import type { Phase } from '../src/scenarios/types.ts'
import { expect, expectAxeClean, shot, status, test } from './fixtures.ts'

// Predict, then reveal (issue 19). Steps come from the scenarios' own traces, never literals.
function questionsOf(id: string, phases: readonly Phase[]) {
  const meta = CATALOGUE.find((m) => m.id === id)
  if (!meta) throw new Error(`no ${id}`)
  const { source, phaseOf } = scenarioScript({ ...meta, phases })
  const frames = runScript(source, { phaseOf }).trace.frames
  return {
    total: meta.steps,
    placed: placeQuestions(phases, frames).map((q) => {
      if (!q.generated.ok) throw new Error(q.generated.error.message.en)
      return { step: q.index + 1, g: q.generated.value }
    }),
  }
}

test('class mode: one press shows the question over the same step, the next reveals', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 })
  const { total, placed } = questionsOf('paging-faults', faults)
  const q = placed.find((x) => x.g.kind === 'pf-error-code')
  if (!q || q.g.type !== 'choice') throw new Error('no #PF question')
  await page.goto(`/?quiz=class#/paging-faults/${q.step - 1}`)
  await expect(status(page)).toHaveText(`Step ${q.step - 1} of ${total}`)
  await expect(page.getByTestId('quiz')).toHaveCount(0)
  await page.keyboard.press('ArrowRight')
  // The press changed what is seen (the question) and not the step.
  await expect(status(page)).toHaveText(`Step ${q.step - 1} of ${total}`)
  const quiz = page.getByTestId('quiz')
  await expect(quiz).toHaveAttribute('data-stage', 'asked')
  await expect(page.getByTestId('quiz-prompt')).toHaveText('Which #PF error code will this raise?')
  await expect(page.getByTestId('quiz-choices').locator('li')).toHaveCount(q.g.choices.length)
  await expect(page.getByTestId('quiz-answer')).toHaveCount(0)
  await expect(page.getByTestId('quiz-live')).toContainText('Which #PF error code')
  await expectAxeClean(page)
  await shot(page, 'quiz-class-asked')
  // PageDown, as a clicker sends it, moves to the step and reveals the answer.
  await page.keyboard.press('PageDown')
  await expect(status(page)).toHaveText(`Step ${q.step} of ${total}`)
  await expect(quiz).toHaveAttribute('data-stage', 'revealed')
  await expect(page.getByTestId('quiz-answer')).toContainText(q.g.answer)
  await expect(page.getByTestId('quiz-live')).toContainText(q.g.answer)
  await shot(page, 'quiz-class-revealed')
  // Back: the step before, no question; a shared link of the step opens the same step.
  await page.keyboard.press('ArrowLeft')
  await expect(status(page)).toHaveText(`Step ${q.step - 1} of ${total}`)
  await expect(quiz).toHaveCount(0)
  await page.goto(`/?quiz=class#/paging-faults/${q.step}`)
  await expect(status(page)).toHaveText(`Step ${q.step} of ${total}`)
  await expect(page.getByTestId('quiz-answer')).toContainText(q.g.answer)

  await page.goto(`/?quiz=class&lang=zh#/paging-faults/${q.step - 1}`)
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('quiz-prompt')).toHaveText('这一步会产生哪个 #PF 错误码？')
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('quiz-reveal')).toContainText('错误码')
  await expectAxeClean(page)
  await shot(page, 'quiz-class-revealed-zh')

  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.goto(`/?quiz=class#/paging-faults/${q.step - 1}`)
  await page.keyboard.press('p')
  await expect(page.locator(':root.presenter')).toHaveCount(1)
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('quiz-prompt')).toBeInViewport()
  const size = await page
    .getByTestId('quiz-prompt')
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
  expect(size).toBeGreaterThanOrEqual(18)
  await shot(page, 'quiz-class-asked-presenter')
})

test('self-study: a wrong then a right answer, told why, the score kept over a reload', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 })
  const { total, placed } = questionsOf('paging-walk-4level', walk4)
  const [refs, entry] = placed
  if (refs?.g.type !== 'number' || entry?.g.type !== 'choice' || entry.step !== refs.step + 1)
    throw new Error('expected a number question, then a choice on the next step')
  await page.goto(`/?quiz=1#/paging-walk-4level/${refs.step - 1}`)
  await expect(status(page)).toHaveText(`Step ${refs.step - 1} of ${total}`)
  await page.keyboard.press('ArrowRight')
  const input = page.getByTestId('quiz-number')
  await expect(input).toBeFocused()
  // Not an answer: a message, nothing recorded, the press still waits.
  await input.fill('four')
  await input.press('Enter')
  await expect(page.getByRole('alert')).toContainText('whole number')
  await page.keyboard.press('PageDown')
  await expect(status(page)).toHaveText(`Step ${refs.step - 1} of ${total}`)
  await input.fill(String(refs.g.answer + 1))
  await input.press('Enter')
  await expect(page.getByTestId('quiz-verdict')).toContainText('Not quite')
  await expect(page.getByTestId('quiz-answer')).toContainText(String(refs.g.answer))
  const score = page.getByTestId('quiz-score')
  await expect(score).toHaveText(`Score: 0 of ${placed.length} right`)
  await expectAxeClean(page)
  await shot(page, 'quiz-study-wrong')
  await page.keyboard.press('ArrowRight')
  await expect(status(page)).toHaveText(`Step ${refs.step} of ${total}`)
  // The next step asks which entry the walk reads: pick the right one with the keyboard.
  await page.keyboard.press('ArrowRight')
  const right = page.locator(`[data-choice="${entry.g.answer}"] button`)
  await right.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('quiz-verdict')).toContainText('Right')
  await expect(score).toHaveText(`Score: 1 of ${placed.length} right`)
  await shot(page, 'quiz-study-right')
  await page.reload()
  await expect(page.getByTestId('quiz-score')).toHaveText(`Score: 1 of ${placed.length} right`)
  await page.goto('/?lang=zh&quiz=1#/paging-walk-4level/' + refs.step)
  await expect(page.getByTestId('quiz-score')).toHaveText(`得分：${placed.length} 题中答对 1 题`)
  await shot(page, 'quiz-study-zh')
})

test('a corrupt score record is ignored and the first answer replaces it', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('vmscope.quiz-score.v1', '{"broken'))
  const { total, placed } = questionsOf('paging-walk-4level', walk4)
  const refs = placed[0]
  if (refs?.g.type !== 'number') throw new Error('expected a number question')
  await page.goto(`/?quiz=1#/paging-walk-4level/${refs.step - 1}`)
  await expect(status(page)).toHaveText(`Step ${refs.step - 1} of ${total}`)
  await page.keyboard.press('ArrowRight')
  await page.getByTestId('quiz-number').fill(String(refs.g.answer))
  await page.getByTestId('quiz-number').press('Enter')
  await expect(page.getByTestId('quiz-verdict')).toContainText('Right')
  await expect(page.getByTestId('quiz-score')).toHaveText(`Score: 1 of ${placed.length} right`)
})
