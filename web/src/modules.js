// The console's navigation: every module from design.md plus the settings pages.
// `permission` gates visibility; `built` marks pages that exist (the rest show a "coming" page).
import {
  Aim,
  Calendar,
  ChatDotRound,
  ChatLineSquare,
  Collection,
  Connection,
  DataAnalysis,
  Filter,
  Guide,
  HomeFilled,
  Key,
  List,
  Medal,
  PictureRounded,
  PriceTag,
  Promotion,
  Setting,
  Share,
  ShoppingCart,
  Tickets,
  User,
  UserFilled,
} from '@element-plus/icons-vue'

export const NAV_GROUPS = [
  {
    key: 'home',
    items: [{ key: 'overview', path: '', icon: HomeFilled, built: true }],
  },
  {
    key: 'customers',
    items: [
      { key: 'customers', path: 'customers', icon: User, permission: 'customers:read', built: true },
      { key: 'tags', path: 'tags', icon: PriceTag, permission: 'tags:read', built: true },
      { key: 'audiences', path: 'audiences', icon: Filter, permission: 'audiences:read', built: true },
      { key: 'commerce', path: 'commerce', icon: ShoppingCart, permission: 'commerce:read', built: true },
    ],
  },
  {
    key: 'engage',
    items: [
      { key: 'acquisition', path: 'acquisition', icon: Aim, permission: 'acquisition:read', built: true },
      { key: 'journeys', path: 'journeys', icon: Guide, permission: 'journeys:read', built: true },
      { key: 'sopCalendars', path: 'journeys/sop-calendars', icon: Calendar, permission: 'journeys:read', built: true },
      { key: 'broadcasts', path: 'journeys/broadcasts', icon: Promotion, permission: 'journeys:read', built: true },
      { key: 'moments', path: 'journeys/moments', icon: PictureRounded, permission: 'journeys:read', built: true },
      { key: 'messaging', path: 'messaging', icon: ChatDotRound, permission: 'messaging:read' },
      { key: 'sends', path: 'messaging/sends', icon: Tickets, permission: 'messaging:read', built: true },
      { key: 'community', path: 'community', icon: ChatLineSquare, permission: 'community:read', built: true },
      { key: 'content', path: 'content', icon: Collection, permission: 'content:read' },
      { key: 'tasks', path: 'tasks', icon: List, permission: 'customers:read', built: true },
    ],
  },
  {
    key: 'grow',
    items: [
      { key: 'campaigns', path: 'campaigns', icon: Share, permission: 'campaigns:read' },
      { key: 'loyalty', path: 'loyalty', icon: Medal, permission: 'loyalty:read' },
      { key: 'analytics', path: 'analytics', icon: DataAnalysis, permission: 'analytics:read' },
    ],
  },
  {
    key: 'settings',
    items: [
      { key: 'wecom', path: 'settings/wecom', icon: Connection, permission: 'wecom:read', built: true },
      { key: 'operators', path: 'settings/operators', icon: UserFilled, permission: 'members:read', built: true },
      { key: 'tokens', path: 'settings/api-tokens', icon: Key, permission: 'tokens:read', built: true },
      { key: 'audit', path: 'settings/audit', icon: Tickets, permission: 'audit:read', built: true },
      { key: 'workspace', path: 'settings/workspace', icon: Setting, permission: 'workspace:read', built: true },
    ],
  },
]

export const NAV_ITEMS = NAV_GROUPS.flatMap((g) => g.items)
export const COMING_MODULES = NAV_ITEMS.filter((i) => !i.built)
export const ROLES = ['owner', 'admin', 'operator', 'staff', 'analyst']
