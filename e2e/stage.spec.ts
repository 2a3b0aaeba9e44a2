import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright/test'
import { CATALOGUE } from '../src/scenarios/index.ts'
import { expect, expectAxeClean, shot, status, test } from './fixtures.ts'
import { smallText } from './textSize.ts'

// The lecture-hall stage: at 1280x720, and in presenter mode at 1920x1080, the page never
// scrolls (the header, title, stage, narration and controls all fit), and the element each
// step is about (its `[data-focus]`) is fully on screen, the stage having scrolled to it.
// Every step of every scenario, reached by pressing → as a lecturer does. Reduced motion, so
// the stage lands at once instead of gliding (the smooth path is checked at the end). At
// 1440x900 each step also has no text on screen under 12 px, and axe runs at the first step
// of every chapter; in presenter mode no text under 18 px.

interface Check {
  readonly step: number
  /** What is wrong at this step; empty when all is well. */
  readonly problems: readonly string[]
  /** How many elements carry data-focus. */
  readonly focus: number
}

/** Waits for step `step`, lets the effects and the scroll land, then measures in one go. */
async function check(page: Page, step: number, total: number, floor: number): Promise<Check> {
  const c = await measure(page, step, total)
  if (floor <= 0) return c
  // Readable from the back of the hall (issue 13): no text on screen under the floor.
  const small = await page.evaluate(smallText, { floor, onScreen: true })
  return {
    ...c,
    problems: [
      ...c.problems,
      ...small.map((x) => `text under ${floor} px: ${x.where} ${x.px}px ("${x.text}")`),
    ],
  }
}

async function measure(page: Page, step: number, total: number): Promise<Check> {
  return page.evaluate(
    async ({ step, total }) => {
      const want = `Step ${step} of ${total}`
      const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)))
      const shown = () =>
        document.querySelector('[role=status]')?.textContent === want &&
        document.querySelector('.panel-loading') === null
      for (let i = 0; i < 300 && !shown(); i++) await frame()
      // One frame for React's effects (d3 marks, the stage hook), one for a deferred scroll.
      await frame()
      await frame()
      const problems: string[] = []
      if (!shown()) problems.push(`status is not "${want}"`)
      const doc = document.documentElement
      if (doc.scrollHeight > innerHeight + 1)
        problems.push(`page scrolls: ${doc.scrollHeight} > ${innerHeight}`)
      if (doc.scrollWidth > innerWidth + 1)
        problems.push(`page scrolls sideways: ${doc.scrollWidth} > ${innerWidth}`)
      const stage = document.querySelector('.stage')
      if (!stage) return { step, problems: [...problems, 'no stage'], focus: 0 }
      const s = stage.getBoundingClientRect()
      const focus = [...stage.querySelectorAll('[data-focus]')]
      for (const el of focus) {
        const r = el.getBoundingClientRect()
        const name = `${el.tagName.toLowerCase()}.${String(el.getAttribute('class') ?? '').replace(/ +/g, '.')}`
        if (r.width === 0 && r.height === 0) problems.push(`focus ${name} is not drawn`)
        else if (
          r.top < -0.5 ||
          r.left < -0.5 ||
          r.bottom > innerHeight + 0.5 ||
          r.right > innerWidth + 0.5
        )
          problems.push(`focus ${name} outside the viewport: ${r.top | 0}..${r.bottom | 0}`)
        else if (r.top < s.top - 0.5 || r.bottom > s.bottom + 0.5)
          problems.push(
            `focus ${name} hidden by the stage: ${r.top | 0}..${r.bottom | 0} vs ${s.top | 0}..${s.bottom | 0}`,
          )
      }
      return { step, problems, focus: focus.length }
    },
    { step, total },
  )
}

/** Steps from 1 to the end by pressing →; returns what went wrong and the steps without focus. */
async function sweep(
  page: Page,
  total: number,
  floor: number,
  axe = false,
): Promise<{ bad: string[]; unfocused: number[] }> {
  const bad: string[] = []
  const unfocused: number[] = []
  let chapter: string | null = null
  for (let step = 1; step <= total; step++) {
    if (step > 1) await page.keyboard.press('ArrowRight')
    const c = await check(page, step, total, floor)
    for (const p of c.problems) bad.push(`step ${step}: ${p}`)
    if (c.focus === 0) unfocused.push(step)
    // axe at the first step of every chapter (a run over every step costs seconds each).
    const now = await page.evaluate(
      () => document.querySelector('[data-testid=phase-now]')?.textContent ?? '',
    )
    if (axe && now !== chapter) {
      const r = await new AxeBuilder({ page }).analyze()
      for (const v of r.violations)
        bad.push(`step ${step}: axe ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    }
    chapter = now
  }
  return { bad, unfocused }
}

/** "3, 5-9, 12": step numbers, runs folded. */
function runs(steps: readonly number[]): string {
  const out: string[] = []
  for (let i = 0; i < steps.length;) {
    let j = i
    while (j + 1 < steps.length && steps[j + 1] === (steps[j] ?? 0) + 1) j++
    out.push(i === j ? `${steps[i]}` : `${steps[i]}-${steps[j]}`)
    i = j + 1
  }
  return out.join(', ') || 'none'
}

test.describe('the stage fits the window and shows each step’s focus', () => {
  test.describe.configure({ mode: 'parallel' })
  test.use({ reducedMotion: 'reduce', viewport: { width: 1280, height: 720 } })
  for (const s of CATALOGUE) {
    test(s.id, async ({ page }) => {
      test.setTimeout(480_000)
      await page.goto(`/#/${s.id}/1`)
      await expect(status(page)).toHaveText(`Step 1 of ${s.steps}`)
      // The focus at the projector's 1280x720; the 12 px floor where the issue sets it, 1440 wide
      // (the stage's drawings scale with its width), then 18 px in presenter mode.
      const normal = await sweep(page, s.steps, 0)

      await page.setViewportSize({ width: 1440, height: 900 })
      await page.keyboard.press('Home')
      const wide = await sweep(page, s.steps, 12, true)

      await page.setViewportSize({ width: 1920, height: 1080 })
      await page.keyboard.press('Home')
      await page.keyboard.press('p')
      await expect(page.locator(':root.presenter')).toHaveCount(1)
      const presenter = await sweep(page, s.steps, 18)

      console.log(
        `${s.id}: ${s.steps} steps; without focus at 1280x720: ${normal.unfocused.length} ` +
          `(${runs(normal.unfocused)}); presenter 1920x1080: ${presenter.unfocused.length}`,
      )
      expect(normal.bad, '1280x720').toEqual([])
      expect(wide.bad, '1440x900').toEqual([])
      expect(presenter.bad, 'presenter 1920x1080').toEqual([])
    })
  }
})

/** Whether every [data-focus] of the stage is fully shown: inside the viewport and the stage. */
const focusShown = (page: Page) =>
  page.evaluate(() => {
    const stage = document.querySelector('.stage')?.getBoundingClientRect()
    const els = [...document.querySelectorAll('.stage [data-focus]')]
    return (
      stage !== undefined &&
      els.length > 0 &&
      els.every((el) => {
        const r = el.getBoundingClientRect()
        return (
          r.top >= Math.max(0, stage.top) &&
          r.bottom <= Math.min(innerHeight, stage.bottom) &&
          r.left >= 0 &&
          r.right <= innerWidth
        )
      })
    )
  })

/** Waits until the stage has stopped gliding (its scroll offset holds still). */
async function settled(page: Page): Promise<void> {
  let last = -1
  await expect
    .poll(
      async () => {
        const top = await page.locator('.stage').evaluate((el) => el.scrollTop)
        const still = top === last
        last = top
        return still
      },
      { intervals: [150] },
    )
    .toBe(true)
}

test('with motion the stage glides to the focus; the page stays put; a hand scroll is left alone', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.goto('/#/paging-walk-4level/15')
  await expect(status(page)).toHaveText('Step 15 of 24')
  for (let step = 16; step <= 19; step++) {
    await page.keyboard.press('ArrowRight')
    await expect(status(page)).toHaveText(`Step ${step} of 24`)
  }
  // Step 19 reads the PTE, the fourth card: far below the top of the stage.
  await expect(page.getByTestId('pw-card-1')).toHaveAttribute('data-focus', '')
  await expect.poll(() => focusShown(page)).toBe(true)
  expect(await page.evaluate(() => scrollY)).toBe(0)
  // The lecturer scrolls the stage back up by hand: nothing pulls it back until the next step.
  await page.locator('.stage').evaluate((el) => el.scrollTo({ top: 0, behavior: 'instant' }))
  await page.waitForTimeout(400)
  expect(await page.locator('.stage').evaluate((el) => el.scrollTop)).toBe(0)
  await page.keyboard.press('ArrowRight')
  await expect(status(page)).toHaveText('Step 20 of 24')
  await expect.poll(() => focusShown(page)).toBe(true)
})

test('presenter mode keeps the script a click away', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.goto('/#/paging-faults/27')
  await expect(status(page)).toHaveText(/^Step 27 of \d+$/)
  await page.keyboard.press('p')
  const script = page.getByRole('region', { name: 'Script' })
  await expect(script.locator('summary')).toBeVisible()
  await expect(script.locator('li[aria-current="step"]')).toBeHidden()
  await script.locator('summary').click()
  await expect(script.locator('li[aria-current="step"]')).toBeVisible()
  await expect(script.locator('li[aria-current="step"]')).toContainText('access 0x5000 write user')
  await expectAxeClean(page)
})

// What the lecture hall sees: the element of the step on screen, in both modes.
const SHOTS: readonly (readonly [string, number])[] = [
  ['paging-faults', 27],
  ['paging-walk-4level', 19],
  ['ept-vpid-tlb', 180],
  ['xen-blkfront-read', 20],
]
for (const [id, step] of SHOTS) {
  test(`screenshots: ${id} step ${step} at 1280x720 and presenter 1920x1080`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.goto(`/#/${id}/${step}`)
    await expect(status(page)).toHaveText(new RegExp(`^Step ${step} of`))
    await expect.poll(() => focusShown(page)).toBe(true)
    await settled(page)
    await shot(page, `stage-${id}-${step}`)
    await page.setViewportSize({ width: 1920, height: 1080 })
    await page.keyboard.press('p')
    await expect(page.locator(':root.presenter')).toHaveCount(1)
    await expect.poll(() => focusShown(page)).toBe(true)
    await settled(page)
    await shot(page, `stage-${id}-${step}-presenter`)
  })
}
