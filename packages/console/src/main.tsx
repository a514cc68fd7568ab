import { render, type JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { AccountsPage } from './pages/accounts.js';
import { AppsPage } from './pages/apps.js';
import { DeliveriesPage } from './pages/deliveries.js';
import { ExplorerPage } from './pages/explorer.js';
import { RequestsPage } from './pages/requests.js';
import { RoomsPage } from './pages/rooms.js';
import { TasksPage } from './pages/tasks.js';
import { VoicePage } from './pages/voice.js';
import './style.css';

/** The pages, by the first part of the location's hash (`#/deliveries/12`: the deliveries page, param `12`). */
const PAGES = {
  accounts: { title: 'Accounts & keys', page: AccountsPage },
  apps: { title: 'Apps', page: AppsPage },
  rooms: { title: 'Live rooms', page: RoomsPage },
  tasks: { title: 'Tasks', page: TasksPage },
  voice: { title: 'Voice agents', page: VoicePage },
  deliveries: { title: 'Callbacks', page: DeliveriesPage },
  requests: { title: 'Requests', page: RequestsPage },
  explorer: { title: 'API explorer', page: ExplorerPage },
} as const;
type PageName = keyof typeof PAGES;

function currentRoute(): { page: PageName; param: string | undefined } {
  const [name = '', ...rest] = location.hash.replace(/^#\//, '').split('/');
  const page = name in PAGES ? (name as PageName) : 'accounts';
  return { page, param: rest.length > 0 ? rest.join('/') : undefined };
}

function Console() {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const onHash = () => setRoute(currentRoute());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const Page: (props: { param?: string }) => JSX.Element = PAGES[route.page].page;
  return (
    <div class="shell">
      <nav>
        <h1>rtc-openapi</h1>
        {Object.entries(PAGES).map(([name, p]) => (
          <a key={name} href={`#/${name}`} class={name === route.page ? 'active' : ''}>
            {p.title}
          </a>
        ))}
        <form method="post" action="/console/logout">
          <button class="link">Sign out</button>
        </form>
      </nav>
      <main>
        <Page key={route.page} {...(route.param !== undefined && { param: route.param })} />
      </main>
    </div>
  );
}

render(<Console />, document.getElementById('app')!);
