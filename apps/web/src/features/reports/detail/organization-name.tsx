import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { asLanguage } from '../../../lib/session.js';
import { organizationNameQuery } from '../queries.js';

/** An organization by id (hops and timeline entries carry ids only). */
export function OrganizationName({ id }: { id: string | null }) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const organization = useQuery({ ...organizationNameQuery(id ?? ''), enabled: id !== null });
  if (id === null) return <>{t('reports.withheld')}</>;
  if (organization.isPending) return <>…</>;
  if (organization.isError) return <>{t('reports.organizationUnknown')}</>;
  return <>{organization.data.name[lang]}</>;
}
