import { createTheme } from '@mantine/core';

/** Japanese-first; keep in step with the variables in theme.css. */
export const FONT_STACK = "'Noto Sans JP', 'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', sans-serif";

export const theme = createTheme({
  fontFamily: FONT_STACK,
  headings: { fontFamily: FONT_STACK },
});
