// The console: a page per route (#/topics/orders), each refreshing itself every few seconds
// while it is shown.
import { session } from './api.js';
import * as dashboard from './views/dashboard.js';
import * as topics from './views/topics.js';
import * as topic from './views/topic.js';
import * as groups from './views/groups.js';
import * as group from './views/group.js';
import * as brokers from './views/brokers.js';
import * as broker from './views/broker.js';

const REFRESH_MILLIS = 5000;

const ROUTES = [
  [/^\/?$/, dashboard, 'dashboard'],
  [/^\/topics$/, topics, 'topics'],
  [/^\/topics\/(.+)$/, topic, 'topics'],
  [/^\/groups$/, groups, 'groups'],
  [/^\/groups\/(.+)$/, group, 'groups'],
  [/^\/brokers$/, brokers, 'brokers'],
  [/^\/brokers\/(\d+)$/, broker, 'brokers'],
];

const main = document.getElementById('main');
const banner = document.getElementById('banner');
let current = null;

/** Shows a message above the page; errors stay until the next successful refresh. */
export function announce(message, kind = 'error') {
  banner.textContent = message;
  banner.className = `banner ${kind}`;
  banner.hidden = !message;
}

function route() {
  const hash = decodeURIComponent(location.hash.replace(/^#/, ''));
  for (const [pattern, view, section] of ROUTES) {
    const match = hash.match(pattern);
    if (match) return { view, section, params: match.slice(1) };
  }
  return { view: dashboard, section: 'dashboard', params: [] };
}

async function show(user) {
  if (current) clearInterval(current.timer);
  const { view, section, params } = route();
  document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('active', a.dataset.section === section));
  announce('');
  main.replaceChildren();
  const page = view.mount(main, { params, user, announce });
  let busy = false;
  const refresh = async () => {
    if (busy) return; // a slow answer: skip this tick rather than pile requests up
    busy = true;
    try {
      await page.refresh();
      if (banner.classList.contains('error')) announce('');
    } catch (error) {
      announce(error.message);
    } finally {
      busy = false;
    }
  };
  page.refreshNow = refresh;
  current = { timer: setInterval(refresh, REFRESH_MILLIS) };
  await refresh();
}

async function start() {
  const user = await session();
  document.getElementById('user').textContent = `${user.user} (${user.admin ? 'admin' : 'viewer'})`;
  document.body.classList.toggle('viewer', !user.admin);
  window.addEventListener('hashchange', () => show(user));
  await show(user);
}

start().catch((error) => announce(error.message));
