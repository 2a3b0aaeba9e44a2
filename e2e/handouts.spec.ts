import { mkdirSync, writeFileSync } from 'node:fs'
import type { Page } from 'playwright/test'
import { PAGE_HEIGHT_MM, PAGE_WIDTH_MM, mmToPx } from '../src/components/Handout/handout.ts'
import { phases as pagingPhases } from '../src/scenarios/paging-walk-4level.ts'
import { CATALOGUE, type Phase, findMeta } from '../src/scenarios/index.ts'
import { phases as vmxPhases } from '../src/scenarios/vmx-exit-reasons.ts'
import { phases as xenPhases } from '../src/scenarios/xen-ring-basics.ts'
import { SHOTS, expect, test } from './fixtures.ts'

// One scenario from each of three topics, with one, two and three panels on the stage (the
// bodies are imported by name: the app's loader is Vite's, not Node's).
const BODIES: Readonly<Record<string, readonly Phase[]>> = {
  'paging-walk-4level': pagingPhases,
  'vmx-exit-reasons': vmxPhases,
  'xen-ring-basics': xenPhases,
}
const IDS = Object.keys(BODIES)
const OUT = 'test-results/handouts'
const PAGE_W = Math.floor(mmToPx(PAGE_WIDTH_MM))
const PAGE_H = mmToPx(PAGE_HEIGHT_MM)

/** Pages in a PDF Chromium wrote: its page objects, and the page tree's root count. */
function pdfPages(pdf: Buffer): { objects: number; count: number } {
  const text = pdf.toString('latin1')
  const objects = (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length
  // Nested page trees carry a count per node; the root's is the largest.
  const counts = [...text.matchAll(/\/Count\s+(\d+)/g)].map((m) => Number(m[1]))
  return { objects, count: Math.max(0, ...counts) }
}

async function openHandout(page: Page, id: string, lang: 'en' | 'zh'): Promise<number> {
  await page.goto(`/?lang=${lang}#/print/${id}`)
  const handout = page.getByTestId('handout')
  await expect(handout).toHaveAttribute('data-sheets', /\d+/)
  // The panels load lazily: measure and print the diagrams, not their placeholders.
  await expect(page.locator('.panel-loading')).toHaveCount(0)
  await page.evaluate(() => document.fonts.ready)
  // A panel's d3 drawing settles within its transition (450 ms).
  await page.waitForTimeout(700)
  return Number(await handout.getAttribute('data-sheets'))
}

/** Each unit's page, height and (for a panel) scale, as the page lays them out now. */
const units = (page: Page) =>
  page.$$eval('[data-unit]', (els) =>
    els.map((e) => {
      const el = e as HTMLElement
      const picture = el.querySelector<HTMLElement>('[data-picture]')
      return {
        key: el.dataset.unit ?? '',
        sheet: Number(el.dataset.sheet),
        height: el.getBoundingClientRect().height,
        scale: picture?.style.transform ?? '',
      }
    }),
  )

mkdirSync(OUT, { recursive: true })

test('the three scenarios are from three topics', () => {
  const topics = IDS.map((id) => CATALOGUE.find((m) => m.id === id)?.topic)
  expect(new Set(topics).size).toBe(3)
})

for (const id of IDS) {
  for (const lang of ['en', 'zh'] as const) {
    test(`${id} (${lang}): prints to A4 and Letter, one PDF page per laid-out page, no panel cut`, async ({
      page,
    }) => {
      const meta = CATALOGUE.find((m) => m.id === id)
      const phases = BODIES[id]
      if (!meta || !phases) throw new Error(`${id} is not in the catalogue`)
      const scenario = { panels: meta.panels, phases }
      const sheets = await openHandout(page, id, lang)
      // One block per phase, each with its title and, having steps, every panel of the stage.
      await expect(page.getByTestId('handout-block')).toHaveCount(scenario.phases.length)
      await expect(page.getByTestId('handout-panel')).toHaveCount(
        scenario.phases.length * scenario.panels.length,
      )
      await expect(page.getByRole('heading', { level: 2 }).first()).toContainText(
        scenario.phases[0]?.title[lang] ?? '',
      )
      expect(sheets).toBeGreaterThan(0)

      // Every question of the scenario in its phase's block, each with a prompt and lettered
      // choices or a line for a number; the answers, one per question, from a page of their own.
      const asked = phases.reduce((n, p) => n + (p.questions?.length ?? 0), 0)
      expect(asked, 'the scenario asks questions').toBeGreaterThan(0)
      const questions = page.getByTestId('handout-question')
      await expect(questions).toHaveCount(asked)
      for (const [i, p] of phases.entries())
        await expect(
          page.getByTestId('handout-block').nth(i).getByTestId('handout-question'),
        ).toHaveCount(p.questions?.length ?? 0)
      for (const q of await questions.all()) {
        await expect(q.locator('.handout-prompt')).not.toBeEmpty()
        const choices = await q.locator('.handout-choices li').count()
        if (choices === 0) await expect(q.locator('.handout-number')).toBeVisible()
        else expect(choices).toBeGreaterThan(1)
      }
      await expect(page.getByTestId('handout-answer')).toHaveCount(asked)
      await expect(page.getByTestId('handout-answers-head')).toHaveAttribute('data-break', '')
      // Question n's answer is numbered n, in order.
      const numbers = await page
        .getByTestId('handout-answer')
        .locator('p:first-child > strong')
        .allTextContents()
      expect(numbers.map((n) => n.split('.')[0])).toEqual(
        Array.from({ length: asked }, (_, i) => String(i + 1)),
      )
      const onScreen = await units(page)
      const answersSheet = onScreen.find((u) => u.key === 'answers-head')?.sheet ?? -1
      const lastQuestion = Math.max(
        ...onScreen.filter((u) => !u.key.startsWith('answer')).map((u) => u.sheet),
      )
      expect(answersSheet, 'the answers start a new page').toBe(lastQuestion + 1)

      // The browser prints what was laid out: no page more (a unit split or spilled over a
      // page), no page less (a forced break lost), on either paper.
      for (const format of ['A4', 'Letter'] as const) {
        const pdf = await page.pdf({ format })
        writeFileSync(`${OUT}/${id}-${lang}-${format}.pdf`, pdf)
        expect(pdfPages(pdf), `${format} pages`).toEqual({ objects: sheets, count: sheets })
      }

      // Under print media at the page's width: the same pages (the screen measured what
      // prints), every unit within one page's height, each page's units within a page.
      await page.emulateMedia({ media: 'print' })
      await page.setViewportSize({ width: PAGE_W, height: Math.floor(PAGE_H) })
      await expect(page.locator('.app-header')).toBeHidden()
      await expect(page.getByRole('button', { name: /print|打印/i })).toBeHidden()
      const printed = await units(page)
      expect(printed.map((u) => [u.key, u.sheet, u.scale])).toEqual(
        onScreen.map((u) => [u.key, u.sheet, u.scale]),
      )
      const perSheet = new Map<number, number>()
      for (const u of printed) {
        expect(u.height, `${u.key} fits a page`).toBeLessThanOrEqual(PAGE_H)
        perSheet.set(u.sheet, (perSheet.get(u.sheet) ?? 0) + u.height)
      }
      expect(perSheet.size).toBe(sheets)
      for (const total of perSheet.values()) expect(total).toBeLessThanOrEqual(PAGE_H)
      // Readable type on paper: the narration and the script at 10 pt or more.
      for (const sel of ['.handout-say', '.handout-script code']) {
        const px = await page
          .locator(sel)
          .first()
          .evaluate((e) => parseFloat(getComputedStyle(e).fontSize))
        expect(px, sel).toBeGreaterThanOrEqual((10 * 96) / 72 - 0.01)
      }

      // A picture of the first two printed pages, the first with a question, and the first of
      // the answers, as they print.
      const tops = await page.$$eval('[data-unit]', (els) =>
        els.map((e) => ({
          sheet: Number((e as HTMLElement).dataset.sheet),
          top: e.getBoundingClientRect().top + window.scrollY,
          bottom: e.getBoundingClientRect().bottom + window.scrollY,
        })),
      )
      const firstAsked = printed.find((u) => /-q-/.test(u.key))?.sheet ?? 0
      for (const s of new Set([0, 1, firstAsked, answersSheet].filter((n) => n < sheets))) {
        const mine = tops.filter((t) => t.sheet === s)
        const y = s === 0 ? 0 : Math.min(...mine.map((t) => t.top))
        const h = Math.max(...mine.map((t) => t.bottom)) - y
        await page.screenshot({
          path: `${SHOTS}/handout-${id}-${lang}-page${s + 1}.png`,
          clip: { x: 0, y, width: PAGE_W, height: h },
          fullPage: true,
        })
      }
    })
  }
}

test('the player links to the handout, which opens cold from its own link', async ({ page }) => {
  const id = 'paging-walk-4level'
  await page.goto(`/#/${id}/1`)
  await page.getByRole('link', { name: 'Handout' }).click()
  await expect(page).toHaveURL(new RegExp(`#/print/${id}$`))
  await expect(page.getByRole('heading', { level: 1 })).toContainText(findMeta(id)?.title.en ?? '')
  await page.reload()
  await expect(page.getByTestId('handout-block').first()).toBeVisible()
  await page.getByRole('link', { name: 'Back to the scenario' }).click()
  await expect(page).toHaveURL(new RegExp(`#/${id}/1$`))
  await expect(page.getByRole('status')).toBeVisible()
})

test('an unknown scenario in the print route gets the not-found message', async ({ page }) => {
  await page.goto('/#/print/no-such-scenario')
  await expect(page.getByTestId('route-error')).toContainText('no-such-scenario')
  await page.goto('/?lang=zh#/print/%3Cb%3E')
  await expect(page.getByRole('alert')).toBeVisible()
  await expect(page.getByTestId('route-error')).not.toBeEmpty()
  await page.screenshot({ path: `${SHOTS}/handout-not-found-zh.png` })
})
