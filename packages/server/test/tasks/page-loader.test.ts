// Loading a web recording's page over real HTTP: its title, a status that is not 2xx, a server that never answers
// (the deadline), and what the messages show of the URL.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { loadPage, shownUrl, titleOf } from '../../src/tasks/web-record/page-loader.js';

describe('page loader', () => {
  let server: Server;
  let base = '';
  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/titled')
        res.end('<html><head><TITLE lang="en">\n  A &lt;b&gt; &#65;&#x42; &amp;  page </TITLE>');
      else if (req.url === '/redirect') res.writeHead(302, { location: '/titled' }).end();
      else if (req.url === '/plain') res.end('no title here');
      else if (req.url?.startsWith('/hang')) req.on('close', () => res.destroy());
      else res.writeHead(503).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('reads the title, following redirects', async () => {
    assert.deepEqual(await loadPage(`${base}/redirect`, 2000, fetch), {
      url: `${base}/titled`,
      title: 'A <b> AB & page',
    });
    assert.equal((await loadPage(`${base}/plain`, 2000, fetch)).title, '');
  });

  it('says why a page does not load, without the query', async () => {
    await assert.rejects(loadPage(`${base}/down?token=secret`, 2000, fetch), /answered HTTP 503$/);
    const started = Date.now();
    await assert.rejects(loadPage(`${base}/hang?token=secret`, 300, fetch), (error: Error) => {
      assert.match(error.message, /did not load: no complete answer within 300 ms/);
      assert.doesNotMatch(error.message, /secret/);
      return true;
    });
    assert.ok(Date.now() - started < 2000);
  });

  it('shows URLs without user info, query or fragment, and cuts titles to 200 characters', () => {
    assert.equal(shownUrl('https://user:pw@example.com:8443/a/b?x=1#f'), 'https://example.com:8443/a/b');
    assert.equal(titleOf(`<title>${'x'.repeat(300)}</title>`).length, 200);
  });
});
