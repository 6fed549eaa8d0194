import '@mantine/core/styles.css';
import './app/theme.css';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Providers, createQueryClient } from './app/providers.js';
import { createAppRouter } from './app/router.js';
import { createI18n } from './i18n/index.js';
import { setApiLanguage } from './lib/api.js';

const i18n = createI18n();
setApiLanguage(i18n.language);
const queryClient = createQueryClient();
const router = createAppRouter(queryClient);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <Providers queryClient={queryClient} i18n={i18n}>
      <RouterProvider router={router} />
    </Providers>
  </StrictMode>,
);
