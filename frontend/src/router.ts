// The pages of the window. Hash history, because the Wails asset server serves one index.html.
// A list's search, sort and filters live in its route's query, so a dashboard figure can link to
// the filtered list and Back returns to it.
import { createRouter, createWebHashHistory, type LocationQuery, type RouteLocationRaw } from 'vue-router'
import type { Filter } from './api'
import DashboardPage from './pages/DashboardPage.vue'
import ListPage from './pages/ListPage.vue'
import SchedulePage from './pages/SchedulePage.vue'
import WorkspacesPage from './pages/WorkspacesPage.vue'
import SyncPage from './pages/SyncPage.vue'
import ConflictsPage from './pages/ConflictsPage.vue'
import AssessmentsPage from './pages/AssessmentsPage.vue'
import AssessmentPage from './pages/AssessmentPage.vue'
import ProgrammePage from './pages/ProgrammePage.vue'
import ReviewPackPage from './pages/ReviewPackPage.vue'
import AuditPackPage from './pages/AuditPackPage.vue'
import DocumentsPage from './pages/DocumentsPage.vue'
import ImportPage from './pages/ImportPage.vue'
import BackupsPage from './pages/BackupsPage.vue'
import SettingsPage from './pages/SettingsPage.vue'

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/dashboard' },
    { path: '/dashboard', name: 'dashboard', component: DashboardPage },
    { path: '/list/:kind', name: 'list', component: ListPage, props: true },
    { path: '/schedule', name: 'schedule', component: SchedulePage },
    { path: '/workspaces', name: 'workspaces', component: WorkspacesPage },
    { path: '/sync', name: 'sync', component: SyncPage },
    { path: '/conflicts', name: 'conflicts', component: ConflictsPage },
    { path: '/assessments', name: 'assessments', component: AssessmentsPage },
    {
      path: '/assessments/:ref',
      name: 'assessment',
      component: AssessmentPage,
      props: (r) => ({ assessmentRef: String(r.params.ref) }),
    },
    { path: '/programme', name: 'programme', component: ProgrammePage },
    { path: '/review-pack', name: 'review-pack', component: ReviewPackPage },
    { path: '/audit-pack', name: 'audit-pack', component: AuditPackPage },
    { path: '/documents', name: 'documents', component: DocumentsPage },
    { path: '/import', name: 'import', component: ImportPage },
    { path: '/backups', name: 'backups', component: BackupsPage },
    { path: '/settings', name: 'settings', component: SettingsPage },
    { path: '/:rest(.*)*', redirect: '/dashboard' },
  ],
})

/** What a list shows, as its route's query holds it. */
export interface ListQuery {
  search: string
  sort: string
  where: Filter[]
  view: string
}

export function listQueryOf(q: LocationQuery): ListQuery {
  const one = (v: unknown) => (Array.isArray(v) ? v[0] : v) ?? ''
  let where: Filter[] = []
  try {
    const parsed = JSON.parse(String(one(q.f) || '[]'))
    if (Array.isArray(parsed)) where = parsed.filter((f) => f && typeof f.field === 'string' && typeof f.op === 'string')
  } catch {
    // a hand-edited or truncated link shows the list unfiltered
  }
  return { search: String(one(q.q)), sort: String(one(q.sort)), where, view: String(one(q.view)) }
}

/** The route of a kind's list with a search, sort and filters. */
export function listRoute(kind: string, q: Partial<ListQuery> = {}): RouteLocationRaw {
  const query: Record<string, string> = {}
  if (q.search) query.q = q.search
  if (q.sort) query.sort = q.sort
  if (q.where?.length) query.f = JSON.stringify(q.where)
  if (q.view) query.view = q.view
  return { name: 'list', params: { kind }, query }
}
