import type { TFunction } from 'i18next'
import { exhaustive } from '../../engine/index.ts'
import type { AuthoredError } from '../../state/authored.ts'

/** Why an authored scenario's link or file was refused, in the reader's language. */
export function authoredReason(t: TFunction, e: AuthoredError): string {
  switch (e.code) {
    case 'too-large':
      return t('authored.too-large', { size: e.size, max: e.max })
    case 'not-utf8':
      return t('authored.not-utf8')
    case 'not-compressed':
      return t('authored.not-compressed')
    case 'not-json':
      return t('authored.not-json')
    case 'newer':
      return t('authored.newer', { version: e.version, max: 1 })
    case 'invalid':
      return t('authored.invalid', { where: e.where === '' ? '/' : e.where, message: e.message })
    default:
      return exhaustive(e)
  }
}
