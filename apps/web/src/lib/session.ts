import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isLanguage, rememberLanguage, type Language } from '../i18n/index.js';
import { api, isApiError, setApiLanguage } from './api.js';
import type { Me, SignInBody } from './types.js';

/** The signed-in person, or null when nobody is signed in. */
export const meQuery = queryOptions({
  queryKey: ['me'] as const,
  queryFn: async (): Promise<Me | null> => {
    try {
      return await api.get<Me>('/api/v1/me');
    } catch (error) {
      if (isApiError(error) && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: 60_000,
});

export const useMe = () => useQuery(meQuery);

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SignInBody) => api.post<Me>('/api/v1/auth/sign-in', input),
    onSuccess: (me) => {
      client.setQueryData(meQuery.queryKey, me);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<undefined>('/api/v1/auth/sign-out'),
    onSettled: () => {
      // Nothing fetched for the last person may be shown to the next one.
      client.clear();
      client.setQueryData(meQuery.queryKey, null);
    },
  });
}

export function useSwitchOrganization() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (organizationId: string) => api.post<Me>('/api/v1/me/organization', { organizationId }),
    onSuccess: async (me) => {
      client.setQueryData(meQuery.queryKey, me);
      // What one may see depends on the active organization.
      await client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    },
  });
}

/**
 * Switches the UI language, remembers it in this browser and, when someone is
 * signed in, on the server (which uses it for e-mail and problem titles).
 */
export function useChangeLanguage() {
  const { i18n } = useTranslation();
  const client = useQueryClient();
  return async (language: Language): Promise<void> => {
    rememberLanguage(language);
    setApiLanguage(language);
    await i18n.changeLanguage(language);
    const me = client.getQueryData(meQuery.queryKey);
    if (me) {
      await api.put<undefined>('/api/v1/me/locale', { locale: language });
      const updated: Me = { ...me, user: { ...me.user, locale: language } };
      client.setQueryData(meQuery.queryKey, updated);
    }
  };
}

export const asLanguage = (value: string): Language => (isLanguage(value) ? value : 'ja');
