import { Badge, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { asLanguage } from '../../lib/session.js';
import { PREFECTURES } from '../../lib/types.js';

/** One labelled value in a facts list; a definition list keeps label and value together for screen readers. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="cipx-fact">
      <Text component="dt" size="xs" c="dimmed">
        {label}
      </Text>
      <Text component="dd" size="sm" className="cipx-prewrap">
        {children}
      </Text>
    </div>
  );
}

export function FactList({ children }: { children: ReactNode }) {
  return (
    <SimpleGrid component="dl" cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="xs">
      {children}
    </SimpleGrid>
  );
}

export function PrefectureList({ codes }: { codes: readonly string[] }) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  if (codes.length === 0) return <>{t('reports.none')}</>;
  return (
    <Group gap={4} component="span">
      {codes.map((code) => {
        const p = PREFECTURES.find((x) => x.code === code);
        return (
          <Badge
            key={code}
            variant="outline"
            color="gray"
            radius="sm"
            size="sm"
            title={`JIS X 0401: ${code}`}
          >
            {p ? p[lang] : code}
          </Badge>
        );
      })}
    </Group>
  );
}

export function SectionStack({ children }: { children: ReactNode }) {
  return <Stack gap="xs">{children}</Stack>;
}
