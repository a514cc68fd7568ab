// A console session for tests that call the console's API over HTTP: the sign-in form's POST, as a browser sends it.

/** Signs in at `<url>/console/login` with the admin token and returns the session cookie (`name=value`). */
export async function consoleCookie(url: string, token: string): Promise<string> {
  const login = await fetch(`${url}/console/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
  });
  const cookie = login.headers.get('set-cookie')?.split(';')[0];
  if (login.status !== 303 || !cookie) throw new Error(`console sign-in answered ${login.status}, no session`);
  return cookie;
}
