// The overview's cards that other modules answer: each names the module whose API feeds it. A module adds its card
// component here when it ships (e.g. `component: () => import('./GroupsCard.vue')`); until then the card says the
// figure is not available yet and which module will answer it. Never a placeholder number.
export const CAPABILITY_CARDS = [
  { key: 'groups', module: 'community', component: null },
  { key: 'sends', module: 'messaging', component: null },
  { key: 'tasks', module: 'community', component: null },
  { key: 'channels', module: 'acquisition', component: null },
]
