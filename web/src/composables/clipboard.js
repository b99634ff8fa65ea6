import { ElMessage } from 'element-plus'

/**
 * Copies text: the Clipboard API where the page is a secure context, else a hidden textarea and
 * execCommand (plain-http deployments). Reports the outcome with a toast.
 */
export async function copyText(text, t) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text)
    } else {
      const area = document.createElement('textarea')
      area.value = text
      area.setAttribute('readonly', '')
      area.style.position = 'fixed'
      area.style.opacity = '0'
      document.body.appendChild(area)
      area.select()
      const ok = document.execCommand('copy')
      area.remove()
      if (!ok) throw new Error('copy')
    }
    ElMessage.success(t('common.copied'))
  } catch {
    ElMessage.warning(t('errors.copyFailed'))
  }
}
