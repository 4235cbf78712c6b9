/** Entry point: theme and token first (no flash, no token left in the address bar), then the app. */
import { render } from 'preact';
import { adoptTokenFromHash } from './api/token.ts';
import { App } from './app.tsx';
import { applyTheme } from './common/theme.ts';
import './styles/base.css';
import './styles/traffic.css';
import './styles/maps.css';
import './styles/scripts.css';

applyTheme();
adoptTokenFromHash();
render(<App />, document.getElementById('app')!);
