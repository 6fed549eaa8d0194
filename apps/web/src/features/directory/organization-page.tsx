import { Anchor, Badge, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.js';
import { asLanguage } from '../../lib/session.js';
import { CONTACT_ROLES, type Contact, type OrganizationDetail } from '../../lib/types.js';
import { formatNumber } from './member-counts.js';
import { editionsQuery, organizationQuery, structureQuery } from './queries.js';
import { OrganizationLink } from './structure-table.js';

function useSectorNames(): Map<string, string> {
  const { i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const editions = useQuery(editionsQuery);
  const current = editions.data?.items.find((e) => e.isCurrent) ?? editions.data?.items[0];
  const structure = useQuery({ ...structureQuery(current?.id ?? ''), enabled: current !== undefined });
  return new Map((structure.data?.sectors ?? []).map((s) => [s.code, s.name[lang]]));
}

function ContactsTable({ contacts }: { contacts: Contact[] }) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const ordered = [...contacts].sort((a, b) => CONTACT_ROLES.indexOf(a.role) - CONTACT_ROLES.indexOf(b.role));
  const dash = t('counts.none');
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table
        withTableBorder
        verticalSpacing="xs"
        data-testid="contacts-table"
        aria-labelledby="contacts-title"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('organization.contactRole')}</Table.Th>
            <Table.Th scope="col">{t('organization.contactName')}</Table.Th>
            <Table.Th scope="col">{t('organization.email')}</Table.Th>
            <Table.Th scope="col">{t('organization.phone')}</Table.Th>
            <Table.Th scope="col">{t('organization.mobile')}</Table.Th>
            <Table.Th scope="col">{t('organization.fax')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ordered.map((c) => {
            const name = c.name[lang] || c.name[lang === 'en' ? 'ja' : 'en'] || dash;
            return (
              <Table.Tr key={c.id}>
                <Table.Th scope="row">{t(`organization.contactRoles.${c.role}`)}</Table.Th>
                <Table.Td>{name}</Table.Td>
                <Table.Td>{c.email ? <Anchor href={`mailto:${c.email}`}>{c.email}</Anchor> : dash}</Table.Td>
                <Table.Td>{c.phone ? <Anchor href={`tel:${c.phone}`}>{c.phone}</Anchor> : dash}</Table.Td>
                <Table.Td>{c.mobile ? <Anchor href={`tel:${c.mobile}`}>{c.mobile}</Anchor> : dash}</Table.Td>
                <Table.Td>{c.fax ?? dash}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Detail({ detail }: { detail: OrganizationDetail }) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const sectorNames = useSectorNames();
  const org = detail.organization;
  const dash = t('counts.none');
  return (
    <Stack gap="lg">
      <Group gap="sm">
        <Title order={1} size="h2">
          {org.name[lang]}
        </Title>
        {org.synthetic && (
          <Badge variant="outline" color="gray" title={t('directory.syntheticHint')}>
            {t('directory.synthetic')}
          </Badge>
        )}
      </Group>
      <Table variant="vertical" withTableBorder maw={720} data-testid="organization-facts">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={200}>{t('organization.nameJa')}</Table.Th>
            <Table.Td lang="ja">{org.name.ja}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('organization.nameEn')}</Table.Th>
            <Table.Td lang="en">{org.name.en}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('organization.kind')}</Table.Th>
            <Table.Td>{t(`kinds.${org.kind}`)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('organization.sector')}</Table.Th>
            <Table.Td>{org.sectorCode ? (sectorNames.get(org.sectorCode) ?? org.sectorCode) : dash}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('organization.slug')}</Table.Th>
            <Table.Td>
              <Text size="sm" ff="monospace" component="span">
                {org.slug}
              </Text>
            </Table.Td>
          </Table.Tr>
          {detail.memberCounts && (
            <>
              <Table.Tr>
                <Table.Th>{t('organization.members')}</Table.Th>
                <Table.Td data-testid="member-count">
                  {formatNumber(lang, detail.memberCounts.member)}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('organization.sharingScope')}</Table.Th>
                <Table.Td>{formatNumber(lang, detail.memberCounts.sharingScope)}</Table.Td>
              </Table.Tr>
            </>
          )}
        </Table.Tbody>
      </Table>

      <section aria-labelledby="groups-title">
        <Title order={2} size="h4" id="groups-title" mb="xs">
          {t('organization.groups')}
        </Title>
        {detail.groups.length === 0 ? (
          <Text c="dimmed">{t('organization.noGroups')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={420}>
            <Table withTableBorder maw={720} aria-labelledby="groups-title">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('directory.name')}</Table.Th>
                  <Table.Th scope="col">{t('organization.kind')}</Table.Th>
                  <Table.Th scope="col">{t('organization.relation')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {detail.groups.map((g) => (
                  <Table.Tr key={`${g.organization.id}-${g.relation}`}>
                    <Table.Td>
                      <OrganizationLink organization={g.organization} />
                    </Table.Td>
                    <Table.Td>{t(`kinds.${g.organization.kind}`)}</Table.Td>
                    <Table.Td>{t(`organization.relations.${g.relation}`)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>

      <section aria-labelledby="contacts-title">
        <Title order={2} size="h4" id="contacts-title" mb="xs">
          {t('organization.contacts')}
        </Title>
        {detail.contacts === null ? (
          <Text c="dimmed">{t('organization.contactsHidden')}</Text>
        ) : detail.contacts.length === 0 ? (
          <Text c="dimmed">{t('organization.noContacts')}</Text>
        ) : (
          <ContactsTable contacts={detail.contacts} />
        )}
      </section>
    </Stack>
  );
}

export function OrganizationPage({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const detail = useQuery(organizationQuery(organizationId));
  return (
    <Stack gap="md">
      <Anchor renderRoot={(props) => <Link to="/directory" {...props} />} size="sm">
        {t('organization.back')}
      </Anchor>
      {detail.isPending && <Loader size="sm" aria-label={t('app.loading')} />}
      {detail.isError && <ErrorAlert error={detail.error} />}
      {detail.data && <Detail detail={detail.data} />}
    </Stack>
  );
}
