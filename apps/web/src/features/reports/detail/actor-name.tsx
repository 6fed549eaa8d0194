import { useTranslation } from 'react-i18next';
import { useMe } from '../../../lib/session.js';
import type { TimelineActor } from '../../../lib/types.js';
import { OrganizationName } from './organization-name.js';

/** Who acted: the pseudonym where the server gives one (an anonymized reporter), else the organization. */
export function ActorName({ actor }: { actor: TimelineActor }) {
  const { t } = useTranslation();
  const me = useMe().data;
  if (actor.label) return <>{actor.label}</>;
  const you = me && actor.userId === me.user.id ? ` (${t('reports.timeline.you')})` : '';
  return (
    <>
      {actor.organizationId ? <OrganizationName id={actor.organizationId} /> : t('reports.timeline.system')}
      {you}
    </>
  );
}
