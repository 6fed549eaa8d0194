import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  Outlet,
  redirect,
  useNavigate,
} from '@tanstack/react-router';
import { DirectoryPage } from '../features/directory/directory-page.js';
import { OrganizationPage } from '../features/directory/organization-page.js';
import { SignInPage } from '../features/auth/sign-in-page.js';
import { ImportPage } from '../features/import/import-page.js';
import { parseFilters, type ReportFilters } from '../features/reports/list/list-filters.js';
import { asWizardStep, type WizardStep } from '../features/reports/wizard/wizard-steps.js';
import { meQuery } from '../lib/session.js';
import { lazyPage } from './lazy-page.js';
import { AppLayout } from './layout.js';
import { NotFound } from './not-found.js';
import { RouteError } from './route-error.js';

export interface RouterContext {
  queryClient: QueryClient;
}

/** Only same-site paths, so a crafted link cannot send someone elsewhere after sign-in. */
export function safeRedirect(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/directory';
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

function SignInRouteComponent() {
  const navigate = useNavigate();
  const { redirect: target } = signInRoute.useSearch();
  return <SignInPage onSignedIn={() => void navigate({ to: safeRedirect(target) })} />;
}

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (search: Record<string, unknown>): { redirect?: string } =>
    typeof search['redirect'] === 'string' ? { redirect: search['redirect'] } : {},
  beforeLoad: async ({ context, search }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (me) redirect({ to: safeRedirect(search.redirect), throw: true });
  },
  component: SignInRouteComponent,
});

const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (!me) redirect({ to: '/sign-in', search: { redirect: location.href }, throw: true });
  },
  component: AppLayout,
});

const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  beforeLoad: () => {
    redirect({ to: '/directory', throw: true });
  },
});

export interface DirectorySearch {
  edition?: string;
}

export const directoryRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/directory',
  validateSearch: (search: Record<string, unknown>): DirectorySearch =>
    typeof search['edition'] === 'string' ? { edition: search['edition'] } : {},
  component: function DirectoryRouteComponent() {
    const { edition } = directoryRoute.useSearch();
    const navigate = useNavigate();
    return (
      <DirectoryPage
        edition={edition}
        onEditionChange={(id) => void navigate({ to: '/directory', search: { edition: id }, replace: true })}
      />
    );
  },
});

export const organizationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/organizations/$organizationId',
  component: function OrganizationRouteComponent() {
    const { organizationId } = organizationRoute.useParams();
    return <OrganizationPage organizationId={organizationId} />;
  },
});

const importRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/import',
  component: ImportPage,
});

// Reporting is loaded when first opened: most sessions never file a report.
const ReportListPage = lazyPage(() =>
  import('../features/reports/list/report-list-page.js').then((m) => m.ReportListPage),
);
const InboxPage = lazyPage(() =>
  import('../features/reports/list/report-list-page.js').then((m) => m.InboxPage),
);
const NewReportPage = lazyPage(() =>
  import('../features/reports/wizard/wizard-page.js').then((m) => m.NewReportPage),
);
const EditReportPage = lazyPage(() =>
  import('../features/reports/wizard/wizard-page.js').then((m) => m.EditReportPage),
);
const ReportPage = lazyPage(() =>
  import('../features/reports/detail/report-page.js').then((m) => m.ReportPage),
);

const CrisisPage = lazyPage(() => import('../features/crises/crisis-page.js').then((m) => m.CrisisPage));

export const crisisRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/crises/$crisisId',
  component: function CrisisRouteComponent() {
    const { crisisId } = crisisRoute.useParams();
    return <CrisisPage crisisId={crisisId} />;
  },
});

export const reportsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reports',
  validateSearch: (search: Record<string, unknown>): ReportFilters => parseFilters(search),
  component: function ReportsRouteComponent() {
    const filters = reportsRoute.useSearch();
    const navigate = useNavigate();
    return (
      <ReportListPage
        filters={filters}
        onFiltersChange={(next) => void navigate({ to: '/reports', search: next, replace: true })}
      />
    );
  },
});

export const inboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/inbox',
  validateSearch: (search: Record<string, unknown>): ReportFilters => parseFilters(search),
  component: function InboxRouteComponent() {
    const filters = inboxRoute.useSearch();
    const navigate = useNavigate();
    return (
      <InboxPage
        filters={filters}
        onFiltersChange={(next) => void navigate({ to: '/inbox', search: next, replace: true })}
      />
    );
  },
});

function useWizardNavigation() {
  const navigate = useNavigate();
  return {
    onCreated: (report: { id: string }, step: WizardStep) =>
      void navigate({
        to: '/reports/$reportId/edit',
        params: { reportId: report.id },
        search: { step },
        replace: true,
      }),
    onStepChange: (reportId: string, step: WizardStep) =>
      void navigate({ to: '/reports/$reportId/edit', params: { reportId }, search: { step }, replace: true }),
    onDone: (report: { id: string }) =>
      void navigate({ to: '/reports/$reportId', params: { reportId: report.id } }),
  };
}

const newReportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reports/new',
  component: function NewReportRouteComponent() {
    return <NewReportPage {...useWizardNavigation()} />;
  },
});

export const reportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reports/$reportId',
  component: function ReportRouteComponent() {
    const { reportId } = reportRoute.useParams();
    return <ReportPage reportId={reportId} />;
  },
});

export const editReportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reports/$reportId/edit',
  validateSearch: (search: Record<string, unknown>): { step?: WizardStep } => {
    const step = asWizardStep(search['step']);
    return step ? { step } : {};
  },
  component: function EditReportRouteComponent() {
    const { reportId } = editReportRoute.useParams();
    const { step } = editReportRoute.useSearch();
    return <EditReportPage reportId={reportId} step={step} {...useWizardNavigation()} />;
  },
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  appRoute.addChildren([
    indexRoute,
    directoryRoute,
    organizationRoute,
    importRoute,
    reportsRoute,
    inboxRoute,
    newReportRoute,
    reportRoute,
    editReportRoute,
    crisisRoute,
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: false,
    defaultErrorComponent: RouteError,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
