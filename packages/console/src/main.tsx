import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { AccountsPage } from './pages/accounts.js';
import { AppsPage } from './pages/apps.js';
import { DeliveriesPage } from './pages/deliveries.js';
import { ExplorerPage } from './pages/explorer.js';
import { RoomsPage } from './pages/rooms.js';
import { TasksPage } from './pages/tasks.js';
import './style.css';

const PAGES = {
  accounts: { title: 'Accounts & keys', page: AccountsPage },
  apps: { title: 'Apps', page: AppsPage },
  rooms: { title: 'Live rooms', page: RoomsPage },
  tasks: { title: 'Tasks', page: TasksPage },
  deliveries: { title: 'Callbacks', page: DeliveriesPage },
  explorer: { title: 'API explorer', page: ExplorerPage },
} as const;
type PageName = keyof typeof PAGES;

function currentPage(): PageName {
  const name = location.hash.replace(/^#\//, '');
  return name in PAGES ? (name as PageName) : 'accounts';
}

function Console() {
  const [page, setPage] = useState<PageName>(currentPage());
  useEffect(() => {
    const onHash = () => setPage(currentPage());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const Page = PAGES[page].page;
  return (
    <div class="shell">
      <nav>
        <h1>rtc-openapi</h1>
        {Object.entries(PAGES).map(([name, p]) => (
          <a key={name} href={`#/${name}`} class={name === page ? 'active' : ''}>
            {p.title}
          </a>
        ))}
        <form method="post" action="/console/logout">
          <button class="link">Sign out</button>
        </form>
      </nav>
      <main>
        <Page />
      </main>
    </div>
  );
}

render(<Console />, document.getElementById('app')!);
