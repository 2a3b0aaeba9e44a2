import AxeBuilder from '@axe-core/playwright'
import { test as base, expect, type Page } from 'playwright/test'

/** Every page collects console errors and uncaught exceptions; each test ends asserting none. */
export const test = base.extend<{ errors: string[] }>({
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
