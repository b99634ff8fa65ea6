import { defineStore } from 'pinia'
import { api, getToken, setToken } from '../api'

// The signed-in operator: token (sessionStorage) and the account from GET /me.
export const useSessionStore = defineStore('session', {
  state: () => ({
    token: getToken(),
    account: null,
  }),
  getters: {
    signedIn: (state) => Boolean(state.token),
  },
  actions: {
    async login(username, password) {
      const result = await api.login(username, password)
      setToken(result.token)
      this.token = result.token
      this.account = null
      await this.loadAccount()
    },
    async loadAccount() {
      if (!this.account) this.account = await api.me()
      return this.account
    },
    async logout() {
      try {
        await api.logout()
      } catch {
        // the session ends locally either way
      }
      this.clear()
    },
    clear() {
      setToken(null)
      this.token = null
      this.account = null
    },
  },
})
