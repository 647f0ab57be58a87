import { css } from 'lit';

/** What theme.css gives the page but shadow roots do not inherit. */
export const baseStyles = css`
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button,
  input {
    -webkit-tap-highlight-color: transparent;
  }
  button:focus-visible,
  input:focus-visible {
    outline: 3px solid var(--gd-accent, #38bdf8);
    outline-offset: 2px;
  }
`;
