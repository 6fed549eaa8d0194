import { Anchor, Stack, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { asLanguage } from '../../lib/session.js';
import type { CeptoarEntry, ReferenceOrganization, SectorEntry } from '../../lib/types.js';
import { formatMemberCounts, formatNumber } from './member-counts.js';

export function OrganizationLink({ organization }: { organization: ReferenceOrganization }) {
  const { i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  return (
    <Anchor
      renderRoot={(props) => (
        <Link to="/organizations/$organizationId" params={{ organizationId: organization.id }} {...props} />
      )}
    >
      {organization.name[lang]}
    </Anchor>
  );
}

function CeptoarCells({ entry }: { entry: CeptoarEntry }) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const members = entry.countsKnown ? formatMemberCounts(t, lang, entry.memberCounts) : t('counts.unknown');
  const scopeCounts = formatMemberCounts(t, lang, entry.scopeCounts);
  const scope = [scopeCounts, entry.scopeNote?.[lang]].filter(Boolean).join(' — ');
  return (
    <>
      <Table.Td>
        <OrganizationLink organization={entry.organization} />
      </Table.Td>
      <Table.Td>{entry.service[lang]}</Table.Td>
      <Table.Td data-testid="ceptoar-members">
        <Stack gap={0}>
          <Text size="sm" className="cipx-nowrap">
            {members || t('counts.none')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('directory.inDirectory', {
              members: formatNumber(lang, entry.membersInDirectory),
              scope: formatNumber(lang, entry.scopeInDirectory),
            })}
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td>{scope || t('counts.none')}</Table.Td>
    </>
  );
}

/** The policy's CEPTOAR table: sector → responsible ministry → CEPTOARs with counts and sharing scope. */
export function StructureTable({ sectors }: { sectors: SectorEntry[] }) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table withTableBorder withColumnBorders verticalSpacing="xs" data-testid="structure-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('directory.sector')}</Table.Th>
            <Table.Th scope="col">{t('directory.ministry')}</Table.Th>
            <Table.Th scope="col">{t('directory.ceptoar')}</Table.Th>
            <Table.Th scope="col">{t('directory.service')}</Table.Th>
            <Table.Th scope="col">{t('directory.members')}</Table.Th>
            <Table.Th scope="col">{t('directory.scope')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sectors.map((sector) => {
            const span = Math.max(sector.ceptoars.length, 1);
            const [first, ...rest] = sector.ceptoars;
            const head = (
              <>
                <Table.Th scope="row" rowSpan={span} data-sector-code={sector.code}>
                  {sector.name[lang]}
                </Table.Th>
                <Table.Td rowSpan={span}>
                  <OrganizationLink organization={sector.ministry} />
                </Table.Td>
              </>
            );
            return (
              <Fragment key={sector.code}>
                <Table.Tr>
                  {head}
                  {first ? (
                    <CeptoarCells entry={first} />
                  ) : (
                    <Table.Td colSpan={4}>{t('counts.none')}</Table.Td>
                  )}
                </Table.Tr>
                {rest.map((entry) => (
                  <Table.Tr key={entry.organization.id}>
                    <CeptoarCells entry={entry} />
                  </Table.Tr>
                ))}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
