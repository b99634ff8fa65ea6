import { createRouter, createWebHistory } from 'vue-router'
import { ApiError, setUnauthorizedHandler } from './api'
import { NAV_ITEMS } from './modules'
import { useSessionStore } from './stores/session'
import { useWorkspaceStore } from './stores/workspace'
import AppLayout from './components/AppLayout.vue'
import WorkspaceShell from './components/WorkspaceShell.vue'
import LoginView from './views/LoginView.vue'
import WelcomeView from './views/WelcomeView.vue'
import OverviewView from './views/OverviewView.vue'
import ComingView from './views/ComingView.vue'
import NotFoundView from './views/NotFoundView.vue'
import MembersView from './views/settings/MembersView.vue'
import ApiTokensView from './views/settings/ApiTokensView.vue'
import AuditLogView from './views/settings/AuditLogView.vue'
import WorkspaceSettingsView from './views/settings/WorkspaceSettingsView.vue'
import WecomView from './views/settings/WecomView.vue'
import CustomersView from './views/customers/CustomersView.vue'
import CustomerProfileView from './views/customers/CustomerProfileView.vue'
import CustomerMergesView from './views/customers/CustomerMergesView.vue'
import CommerceView from './views/commerce/CommerceView.vue'
import TagsView from './views/tags/TagsView.vue'
import CommunityView from './views/community/CommunityView.vue'
import TasksView from './views/tasks/TasksView.vue'
import JourneysView from './views/journeys/JourneysView.vue'
import JourneyView from './views/journeys/JourneyView.vue'
import SendsView from './views/messaging/SendsView.vue'
import AudiencesView from './views/audiences/AudiencesView.vue'
import SopCalendarsView from './views/journeys/SopCalendarsView.vue'
import BroadcastsView from './views/journeys/BroadcastsView.vue'
import MomentsView from './views/journeys/MomentsView.vue'
import SegmentView from './views/audiences/SegmentView.vue'

const BUILT = {
  overview: OverviewView,
  customers: CustomersView,
  tags: TagsView,
  commerce: CommerceView,
  // loaded on demand: it brings ECharts
  acquisition: () => import('./views/acquisition/AcquisitionView.vue'),
  journeys: JourneysView,
  operators: MembersView,
  tokens: ApiTokensView,
  audit: AuditLogView,
  workspace: WorkspaceSettingsView,
  wecom: WecomView,
  community: CommunityView,
  tasks: TasksView,
  sends: SendsView,
  audiences: AudiencesView,
  sopCalendars: SopCalendarsView,
  broadcasts: BroadcastsView,
  moments: MomentsView,
}

const workspaceRoutes = NAV_ITEMS.map((item) => ({
  path: item.path,
  name: item.key,
  component: BUILT[item.key] || ComingView,
  props: BUILT[item.key] ? false : { module: item.key },
  meta: { titleKey: `nav.${item.key}`, permission: item.permission },
}))

// Pages below a module: `nav` names the navigation entry they belong to (highlighted while open).
workspaceRoutes.push({
  path: 'customers/merges',
  name: 'customer-merges',
  component: CustomerMergesView,
  meta: { titleKey: 'customers.merges.title', permission: 'customers:read', nav: 'customers' },
})
workspaceRoutes.push({
  path: 'customers/:id',
  name: 'customer',
  component: CustomerProfileView,
  meta: { titleKey: 'customers.profile.title', permission: 'customers:read', nav: 'customers' },
})
workspaceRoutes.push({
  path: 'community/groups/:chatId',
  name: 'community-group',
  // loaded on demand: it carries ECharts
  component: () => import('./views/community/CommunityGroupView.vue'),
  meta: { titleKey: 'community.group.title', permission: 'community:read', nav: 'community' },
})
workspaceRoutes.push({
  path: 'audiences/segments/:id',
  name: 'segment',
  component: SegmentView,
  meta: { titleKey: 'audiences.segment.title', permission: 'audiences:read', nav: 'audiences' },
})
workspaceRoutes.push({
  path: 'journeys/:id',
  name: 'journey',
  component: JourneyView,
  meta: { titleKey: 'journeys.editor.title', permission: 'journeys:read', nav: 'journeys' },
})

const routes = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true, titleKey: 'login.title' } },
  // customer-facing pages (/m/…): no sign-in, no console layout, no brand in the title; loaded on demand
  {
    path: '/m/claim/:token',
    name: 'claim',
    component: () => import('./views/public/ClaimView.vue'),
    meta: { public: true, customerFacing: true, titleKey: 'claim.title' },
  },
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', name: 'home', component: WelcomeView, beforeEnter: toLandingWorkspace },
      { path: 'welcome', name: 'welcome', component: WelcomeView, meta: { titleKey: 'welcome.title' } },
      { path: 'w/:slug', component: WorkspaceShell, children: workspaceRoutes },
      { path: ':pathMatch(.*)*', name: 'not-found', component: NotFoundView, meta: { titleKey: 'errors.notFound' } },
    ],
  },
]

export const router = createRouter({ history: createWebHistory('/'), routes })

function toLandingWorkspace() {
  const slug = useWorkspaceStore().landingSlug()
  return slug ? { name: 'overview', params: { slug } } : { name: 'welcome' }
}

let navigating = false

router.beforeEach(async (to) => {
  navigating = true
  const session = useSessionStore()
  // customer-facing pages never ask for a sign-in, whatever the session
  if (to.meta.customerFacing || to.path.startsWith('/m/')) return true
  if (to.meta.public) {
    return session.signedIn && to.name === 'login' ? { path: '/' } : true
  }
  const toLogin = { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  if (!session.signedIn) return toLogin
  const workspaces = useWorkspaceStore()
  try {
    await session.loadAccount()
    if (!workspaces.listLoaded) await workspaces.loadList()
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return toLogin
    // other failures surface on the page itself
  }
  const slug = to.params.slug
  if (slug) {
    try {
      await workspaces.open(slug)
      workspaces.openError = null
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return toLogin
      workspaces.current = null
      workspaces.openError = e
    }
  }
  return true
})

router.afterEach(() => {
  navigating = false
})

// A 401 from any call ends the session; outside a navigation, go to the login page and come back after.
setUnauthorizedHandler(() => {
  useSessionStore().clear()
  useWorkspaceStore().reset()
  const current = router.currentRoute.value
  if (!navigating && !current.meta.public) {
    router.replace({ name: 'login', query: { redirect: current.fullPath } })
  }
})
