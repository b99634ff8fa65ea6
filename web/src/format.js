// Time zones, currencies and date formatting shared by the settings pages.

export const COMMON_TIMEZONES = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Macau',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Kuala_Lumpur',
  'Asia/Bangkok',
  'Asia/Jakarta',
  'Asia/Manila',
  'Asia/Ho_Chi_Minh',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Asia/Kolkata',
  'Asia/Dubai',
  'Australia/Sydney',
  'Pacific/Auckland',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Madrid',
  'Europe/Moscow',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Toronto',
  'America/Sao_Paulo',
  'UTC',
]

export const CURRENCIES = ['CNY', 'HKD', 'TWD', 'MOP', 'USD', 'EUR', 'GBP', 'JPY', 'KRW', 'SGD', 'MYR', 'THB', 'AUD', 'CAD']

export const DEFAULT_TIMEZONE = 'Asia/Shanghai'
export const DEFAULT_CURRENCY = 'CNY'

/** "UTC+08:00" for a zone, now. */
export function utcOffset(timeZone) {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName')
    const value = part?.value.replace('GMT', '') || ''
    return `UTC${value || '+00:00'}`
  } catch {
    return ''
  }
}

/** Time zone options, the current value first if it is not a common one. */
export function timezoneOptions(current) {
  const zones = current && !COMMON_TIMEZONES.includes(current) ? [current, ...COMMON_TIMEZONES] : COMMON_TIMEZONES
  return zones.map((zone) => ({ value: zone, label: `${zone} (${utcOffset(zone)})` }))
}

/** "2025-03-01 14:05:09" in the given IANA zone. */
export function formatDateTime(value, timeZone) {
  if (!value) return ''
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return String(value)
  let parts
  try {
    parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: timeZone || undefined,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(date)
  } catch {
    return date.toISOString()
  }
  const get = (type) => parts.find((p) => p.type === type)?.value
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`
}

/** "1,203" in the current locale; "—" for a missing value. */
export function formatCount(value) {
  return value == null || Number.isNaN(Number(value)) ? '—' : Number(value).toLocaleString()
}

/** A duration in milliseconds as "5 秒" / "3 分 12 秒" / "1 小时 4 分", using the `duration` messages. */
export function formatDuration(ms, t) {
  if (ms == null || Number.isNaN(ms) || ms < 0) return ''
  const total = Math.round(ms / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  if (h > 0) return t('duration.hours', { h, m })
  if (m > 0) return t('duration.minutes', { m, s })
  return t('duration.seconds', { s })
}

/**
 * An amount in fen (hundredths of the currency unit, as the API sends money) as "¥1,299.00" in the workspace
 * currency; "—" for a missing value. Always two decimals: the API counts hundredths whatever the currency.
 */
export function formatMoney(fen, currency) {
  if (fen == null || Number.isNaN(Number(fen))) return '—'
  const units = Number(fen) / 100
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency: currency || DEFAULT_CURRENCY,
      currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }).format(units)
  } catch {
    return units.toFixed(2)
  }
}

/** A ratio (0–1) as "42.5%"; "—" for a missing value. */
export function formatPercent(ratio, digits = 1) {
  if (ratio == null || Number.isNaN(Number(ratio))) return '—'
  return `${(Number(ratio) * 100).toFixed(digits)}%`
}

/** A byte count as "12.3 MB". */
export function formatBytes(bytes) {
  if (bytes == null || Number.isNaN(Number(bytes))) return '—'
  const units = ['B', 'KB', 'MB', 'GB']
  let value = Number(bytes)
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`
}
