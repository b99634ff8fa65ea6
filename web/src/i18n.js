import { createI18n } from 'vue-i18n'
import zhCN from './locales/zh-CN'
import en from './locales/en'

const LOCALE_KEY = 'moat.locale'
export const LOCALES = [
  { code: 'zh-CN', label: '中文' },
  { code: 'en', label: 'English' },
]

function initialLocale() {
  const saved = localStorage.getItem(LOCALE_KEY)
  return LOCALES.some((l) => l.code === saved) ? saved : 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

export function setLocale(code) {
  i18n.global.locale.value = code
  localStorage.setItem(LOCALE_KEY, code)
  document.documentElement.lang = code
}

document.documentElement.lang = i18n.global.locale.value
