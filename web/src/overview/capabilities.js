import { defineAsyncComponent } from 'vue'

// The overview's cards that other modules answer: each names the module whose API feeds it. A module adds its card
// component here when it ships (e.g. `component: () => import('./GroupsCard.vue')`); until then the card says the
// figure is not available yet and which module will answer it. Never a placeholder number.
// Each card gets the overview's period as props: `days`, `from`, `to` (ISO dates, `to` exclusive), `stamp` (changes
// on every refresh) and `operations` (analytics' operations figures of the period, or null).
export const CAPABILITY_CARDS = [
  { key: 'groups', module: 'community', component: defineAsyncComponent(() => import('./GroupsCard.vue')) },
  { key: 'sends', module: 'messaging', component: defineAsyncComponent(() => import('./SendsCard.vue')) },
  { key: 'tasks', module: 'community', component: defineAsyncComponent(() => import('./TasksCard.vue')) },
  { key: 'channels', module: 'acquisition', component: defineAsyncComponent(() => import('./ChannelsCard.vue')) },
]
