import { render } from 'preact';

import { App } from './app.tsx';
import { storedLanguage } from './i18n.ts';
import './styles.css';

document.documentElement.lang = storedLanguage();
const root = document.getElementById('aplikasi');
if (root === null) {
  throw new Error('index.html has no element with id "aplikasi"');
}
render(<App />, root);
