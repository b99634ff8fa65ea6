import { defineStore } from 'pinia'
import { api } from '../api'

const LAST_KEY = 'moat.lastWorkspace'

// The caller's workspaces, the open one (with the caller's permissions) and the role catalogue.
export const useWorkspaceStore = defineStore('workspace', {
  state: () => ({
    list: [],
    listLoaded: false,
    current: null,
    openError: null,
    roles: [],
  }),
  getters: {
    permissions: (state) => new Set(state.current?.permissions || []),
    // every permission code the server defines, from GET /roles
    knownPermissions: (state) => new Set(state.roles.flatMap((r) => r.permissions)),
  },
  actions: {
    async loadList() {
      this.list = await api.workspaces()
      this.listLoaded = true
      return this.list
    },
    async open(slug) {
      if (this.current?.slug === slug) return this.current
      const [workspace] = await Promise.all([api.workspace(slug), this.loadRoles()])
      this.current = workspace
      localStorage.setItem(LAST_KEY, slug)
      return workspace
    },
    async refreshCurrent() {
      if (this.current) this.current = await api.workspace(this.current.slug)
    },
    async loadRoles() {
      if (!this.roles.length) this.roles = await api.roles()
      return this.roles
    },
    async create(body) {
      const workspace = await api.createWorkspace(body)
      await this.loadList()
      return workspace
    },
    async remove(slug) {
      await api.deleteWorkspace(slug)
      if (this.current?.slug === slug) this.current = null
      if (localStorage.getItem(LAST_KEY) === slug) localStorage.removeItem(LAST_KEY)
      await this.loadList()
    },
    updated(workspace) {
      this.current = { ...this.current, ...workspace }
      this.list = this.list.map((w) => (w.slug === workspace.slug ? { ...w, ...workspace } : w))
    },
    /** The workspace to land on: the last one opened, else the first. */
    landingSlug() {
      const last = localStorage.getItem(LAST_KEY)
      if (last && this.list.some((w) => w.slug === last)) return last
      return this.list[0]?.slug || null
    },
    can(code) {
      return this.permissions.has(code)
    },
    /** Navigation gate: a code the server does not define does not hide anything. */
    mayView(code) {
      return !code || this.permissions.has(code) || !this.knownPermissions.has(code)
    },
    reset() {
      this.list = []
      this.listLoaded = false
      this.current = null
      this.openError = null
      this.roles = []
    },
  },
})
