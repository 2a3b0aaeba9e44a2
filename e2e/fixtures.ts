import AxeBuilder from '@axe-core/playwright'
import { test as base, expect, type Page } from 'playwright/test'

/** Every page collects console errors and uncaught exceptions; each test ends asserting none. */
export const test = base.extend<{ errors: string[]; questionsOff: void }>({
  // Automatic: every test collects errors, whether or not it names the fixture.
  errors: [
    async ({ page }, use) => {
      const errors: string[] = []
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text())
      })
      page.on('pageerror', (e) => errors.push(String(e)))
      await use(errors)
      expect(errors, 'console errors').toEqual([])
    },
    { auto: true },
  ],
  // Questions (issue 19) add a press before some steps. Specs about stepping and panels run
  // with them off, as a person who chose "off" would; a link's ?quiz= wins over this, so
  // e2e/quiz.spec.ts and the every-press question test turn them on with ?quiz=class or 1.
  questionsOff: [
    async ({ page }, use) => {
      await page.addInitScript(() => {
        try {
          localStorage.setItem('vmscope.quiz-mode.v1', 'off')
        } catch {
          // No storage: the app runs on with its default.
        }
      })
      await use()
    },
    { auto: true },
  ],
})
export { expect }

export const SHOTS = 'test-results/screenshots'

export async function shot(page: Page, name: string): Promise<void> {
  // Panels load lazily: photograph the diagram, not its placeholder.
  await expect(page.locator('.panel-loading')).toHaveCount(0)
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
}

export async function expectAxeClean(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze()
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([])
}

export const status = (page: Page) => page.getByRole('status')

export async function totalSteps(page: Page): Promise<number> {
  const m = /of (\d+)/.exec((await status(page).textContent()) ?? '')
  return Number(m?.[1] ?? 0)
}
