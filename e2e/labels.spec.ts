import type { Page } from 'playwright/test'
import { CATALOGUE } from '../src/scenarios/index.ts'
import { expect, status, test } from './fixtures.ts'
import { type Small, smallText } from './textSize.ts'

// Readable from the back of the hall: no drawn text under 12 px at 1440x900, none under 18 px
// in presenter mode at 1920x1080. Sizes are measured as the glyphs land on screen: the
// computed font size times the scale of every transform above it (an SVG drawn into a
// smaller box shrinks its labels; getScreenCTM holds that scale). Checked at the first,
// middle and last step of every scenario. Then the Xen ring's index labels are checked for
// overlap at the states that crowd them near slot 0.

/** Every visible run of text smaller than `floor` px as drawn, after the step has landed. */
async function small(page: Page, floor: number): Promise<Small[]> {
  await expect(page.locator('.panel-loading')).toHaveCount(0)
  // Two frames for React's effects and the d3 marks, then measure.
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))),
  )
  // Text scrolled out of view is measured all the same: the stage scrolls to it.
  return page.evaluate(smallText, { floor, onScreen: false })
}

/** First, middle and last step. */
const probes = (steps: number): number[] => [...new Set([1, Math.ceil(steps / 2), steps])]

/** Goes to a step by its link, as following a link inside the page does (no reload, so the
 * presenter mode stays on), and waits for it in either language ("Step 3 of 9", "第 3 步，共 9 步"). */
async function go(page: Page, id: string, step: number, steps: number): Promise<void> {
  await page.evaluate((h) => {
    location.hash = h
  }, `#/${id}/${step}`)
  await expect(status(page)).toHaveText(new RegExp(`\\b${step}\\b.*\\b${steps}\\b`))
}

test.describe('no text under the size floor', () => {
  test.describe.configure({ mode: 'parallel' })
  test.use({ reducedMotion: 'reduce' })
  for (const s of CATALOGUE) {
    test(s.id, async ({ page }) => {
      test.setTimeout(120_000)
      // One line per kind of label and size, with the steps and one example of its text.
      const bad = new Map<string, { steps: Set<string>; example: string }>()
      const note = (mode: string, step: number, found: readonly Small[]) => {
        for (const x of found) {
          const key = `${mode}: ${x.px}px ${x.where}`
          const b = bad.get(key) ?? { steps: new Set<string>(), example: x.text }
          b.steps.add(String(step))
          bad.set(key, b)
        }
      }
      for (const lang of ['en', 'zh'] as const) {
        await page.setViewportSize({ width: 1440, height: 900 })
        await page.goto(`/?lang=${lang}#/${s.id}/1`)
        for (const step of probes(s.steps)) {
          await go(page, s.id, step, s.steps)
          note(`${lang} 1440x900`, step, await small(page, 12))
        }
        await page.setViewportSize({ width: 1920, height: 1080 })
        await page.keyboard.press('p')
        await expect(page.locator(':root.presenter')).toHaveCount(1)
        for (const step of probes(s.steps)) {
          await go(page, s.id, step, s.steps)
          note(`${lang} presenter`, step, await small(page, 18))
        }
      }
      const lines = [...bad].map(
        ([k, v]) => `${k} (steps ${[...v.steps].join(',')}, e.g. "${v.example}")`,
      )
      expect(lines).toEqual([])
    })
  }
})

/** The index labels' boxes on screen, by index name. */
const labelBoxes = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('[data-testid^="ring-label-"]')]
      .filter((g) => !g.classList.contains('hidden'))
      .map((g) => {
        const r = g.querySelector('.ring-pointer-label')?.getBoundingClientRect()
        return {
          name: g.getAttribute('data-testid') ?? '',
          box: r ? { l: r.left, t: r.top, r: r.right, b: r.bottom } : null,
        }
      }),
  )

// Every step of the three ring scenarios whose indices pile up around slot 0.
// Measured at rest (reduced motion): names glide past each other while the ring turns.
test.describe('ring index names', () => {
  test.use({ reducedMotion: 'reduce' })
  for (const id of ['xen-ring-wraparound', 'xen-ring-full', 'xen-ring-batching']) {
    test(`${id}: the ring's index labels never overlap`, async ({ page }) => {
      test.setTimeout(180_000)
      const meta = CATALOGUE.find((s) => s.id === id)
      if (!meta) throw new Error(`no scenario ${id}`)
      const bad: string[] = []
      let compared = 0
      for (const presenter of [false, true]) {
        await page.setViewportSize(
          presenter ? { width: 1920, height: 1080 } : { width: 1440, height: 900 },
        )
        await page.goto(`/#/${id}/1`)
        await expect(status(page)).toHaveText(`Step 1 of ${meta.steps}`)
        if (presenter) await page.keyboard.press('p')
        for (let step = 1; step <= meta.steps; step++) {
          if (step > 1) await page.keyboard.press('ArrowRight')
          await expect(status(page)).toHaveText(`Step ${step} of ${meta.steps}`)
          const boxes = (await labelBoxes(page)).filter(
            (b): b is { name: string; box: NonNullable<typeof b.box> } => b.box !== null,
          )
          for (let i = 0; i < boxes.length; i++) {
            for (let j = i + 1; j < boxes.length; j++) {
              const a = boxes[i]
              const b = boxes[j]
              if (!a || !b) continue
              compared++
              // Half a pixel of tolerance for anti-aliased edges.
              const w = Math.min(a.box.r, b.box.r) - Math.max(a.box.l, b.box.l)
              const h = Math.min(a.box.b, b.box.b) - Math.max(a.box.t, b.box.t)
              if (w > 0.5 && h > 0.5)
                bad.push(
                  `${presenter ? 'presenter ' : ''}step ${step}: ${a.name} overlaps ${b.name} (${w | 0}x${h | 0})`,
                )
            }
          }
        }
      }
      expect(compared).toBeGreaterThan(0)
      expect(bad).toEqual([])
    })
  }
})
