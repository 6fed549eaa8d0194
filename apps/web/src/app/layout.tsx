import { AppShell, Badge, Burger, Button, Group, Menu, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/language-switch.js';
import { TotpEnrolment } from '../features/auth/totp-enrolment.js';
import { CrisisBanner } from '../features/crises/crisis-banner.js';
import { storedLanguage } from '../i18n/index.js';
import { setApiLanguage } from '../lib/api.js';
import { asLanguage, useMe, useSignOut, useSwitchOrganization } from '../lib/session.js';
import { ROLES, type Me } from '../lib/types.js';

const AREAS = [
  { to: '/reports', label: 'nav.reports', reporterOnly: false },
  { to: '/inbox', label: 'nav.inbox', reporterOnly: false },
  { to: '/reports/new', label: 'nav.newReport', reporterOnly: true },
  { to: '/directory', label: 'nav.directory', reporterOnly: false },
  { to: '/import', label: 'nav.import', reporterOnly: false },
] as const;

/** Which menu entry the current page belongs to: the longest matching path wins. */
export function activeArea(pathname: string): string | undefined {
  if (pathname.startsWith('/organizations')) return '/directory';
  return AREAS.map((a) => a.to as string)
    .filter((to) => pathname === to || pathname.startsWith(`${to}/`))
    .sort((a, b) => b.length - a.length)[0];
}

function OrganizationAndRole({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  return (
    <Stack gap={0} data-testid="active-organization">
      <Text size="xs" c="dimmed">
        {t('header.organization')}
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Text size="sm" fw={500} lineClamp={1}>
          {me.organization.name[lang]}
        </Text>
        <Badge size="sm" variant="light" aria-label={`${t('header.role')}: ${t(`roles.${me.role}`)}`}>
          {t(`roles.${me.role}`)}
        </Badge>
      </Group>
    </Stack>
  );
}

function AccountMenu({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const navigate = useNavigate();
  const signOut = useSignOut();
  const switchOrganization = useSwitchOrganization();
  const others = me.organizations.filter((o) => o.id !== me.organization.id);
  return (
    <Group gap="xs" wrap="nowrap">
      {others.length > 0 && (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button variant="default" size="xs" loading={switchOrganization.isPending}>
              {t('header.switchOrganization')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {others.map((o) => (
              <Menu.Item key={o.id} onClick={() => switchOrganization.mutate(o.id)}>
                {o.name[lang]} ({t(`roles.${o.role}`)})
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      )}
      <Button
        variant="default"
        size="xs"
        loading={signOut.isPending}
        title={me.user.email}
        onClick={() =>
          signOut.mutate(undefined, { onSettled: () => void navigate({ to: '/sign-in', search: {} }) })
        }
      >
        {t('header.signOut')}
      </Button>
    </Group>
  );
}

/** The signed-in frame: header with product, organization, role, language and sign-out; the areas built so far. */
export function AppLayout() {
  const { t, i18n } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const me = useMe().data;
  const pathname = useRouterState({ select: (s) => s.location.pathname });

  // A language chosen in this browser wins; otherwise the one saved with the account.
  useEffect(() => {
    if (!me || storedLanguage()) return;
    const saved = asLanguage(me.user.locale);
    if (saved !== i18n.language) {
      setApiLanguage(saved);
      void i18n.changeLanguage(saved);
    }
  }, [me, i18n]);

  if (!me) return null;
  const active = activeArea(pathname);
  // Viewers read reports but cannot file them.
  const mayReport = ROLES.indexOf(me.role) <= ROLES.indexOf('reporter');
  return (
    <>
      <a href="#main" className="cipx-skip-link">
        {t('app.skipToContent')}
      </a>
      <AppShell
        header={{ height: 64 }}
        navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding="md"
      >
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
            <Group gap="sm" wrap="nowrap">
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={opened ? t('app.closeNavigation') : t('app.openNavigation')}
                aria-expanded={opened}
                aria-controls="cipx-navigation"
              />
              <Link
                to="/directory"
                className="cipx-brand"
                aria-label={`${t('app.name')} ${t('app.fullName')}`}
              >
                <Text fw={700} size="lg" c="blue.8" component="span">
                  {t('app.name')}
                </Text>
                <Text size="xs" c="dimmed" visibleFrom="md" component="span" ml="xs">
                  {t('app.fullName')}
                </Text>
              </Link>
            </Group>
            <Group gap="md" wrap="nowrap">
              <Group visibleFrom="md">
                <OrganizationAndRole me={me} />
              </Group>
              <LanguageSwitch />
              <Group visibleFrom="xs">
                <AccountMenu me={me} />
              </Group>
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" id="cipx-navigation" aria-label={t('app.mainNavigation')} component="nav">
          <Stack gap={4}>
            {AREAS.filter((area) => !area.reporterOnly || mayReport).map((area) => (
              <NavLink
                key={area.to}
                label={t(area.label)}
                active={active === area.to}
                aria-current={active === area.to ? 'page' : undefined}
                onClick={close}
                renderRoot={(props) => <Link to={area.to} {...props} />}
              />
            ))}
          </Stack>
          <Stack hiddenFrom="md" mt="lg" gap="sm">
            <OrganizationAndRole me={me} />
            <Group hiddenFrom="xs">
              <AccountMenu me={me} />
            </Group>
          </Stack>
        </AppShell.Navbar>
        <AppShell.Main id="main" tabIndex={-1}>
          {me.totpEnrolmentRequired ? (
            <TotpEnrolment />
          ) : (
            <>
              <CrisisBanner />
              <Outlet />
            </>
          )}
        </AppShell.Main>
      </AppShell>
    </>
  );
}
