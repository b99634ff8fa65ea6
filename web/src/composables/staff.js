import { computed, ref } from 'vue'
import { api } from '../api'
import { useWorkspaceStore } from '../stores/workspace'

// WeCom staff (GET /wecom/staff) for the customer pages: names instead of user ids, and the options of the
// staff filter. It needs wecom:read; without it, or when the call fails, the pages show user ids.
// One answer per workspace is kept for a minute, so going list → profile → list asks once.
const TTL_MS = 60_000
const cache = new Map()

function fetchStaff(slug) {
  const hit = cache.get(slug)
  if (hit && Date.now() - hit.at < TTL_MS) return hit.promise
  const promise = api.wecomStaff(slug).then((list) => list || [])
  cache.set(slug, { at: Date.now(), promise })
  promise.catch(() => cache.delete(slug))
  return promise
}

export function useStaffDirectory() {
  const workspaces = useWorkspaceStore()
  const available = computed(() => workspaces.can('wecom:read'))
  const staff = ref([])
  const loaded = ref(false)
  const failed = ref(false)
  const byId = computed(() => new Map(staff.value.map((s) => [s.userId, s])))

  async function load() {
    if (!available.value) return
    try {
      staff.value = await fetchStaff(workspaces.current.slug)
      failed.value = false
    } catch {
      failed.value = true
    } finally {
      loaded.value = true
    }
  }

  /** The staff member's name, else the user id. */
  function nameOf(userId) {
    return byId.value.get(userId)?.name || userId
  }

  return { available, staff, loaded, failed, byId, load, nameOf }
}
