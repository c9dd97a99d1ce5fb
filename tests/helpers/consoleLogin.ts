// Logs in to the console's form (kafbat's AUTH_TYPE=LOGIN_FORM: POST /login with the form fields username and
// password) and hands back the session cookie, for tests that read a console behind its login.

/** The console's login form account, as the stack's `uiLogin` output holds it. */
export interface ConsoleAccount {
  username: string;
  password: string;
}

/** The raw answer to one form post: status, Location and Set-Cookie; redirects are not followed. */
export async function postLogin(uiUrl: string, account: ConsoleAccount): Promise<{ status: number; location: string | null; setCookie: string | null }> {
  const response = await fetch(`${uiUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username: account.username, password: account.password }).toString(),
    signal: AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer();
  return { status: response.status, location: response.headers.get("location"), setCookie: response.headers.get("set-cookie") };
}

/** Headers that carry a fresh session; fails (without printing the password) when the login is refused. */
export async function consoleSession(uiUrl: string, account: ConsoleAccount): Promise<{ Cookie: string }> {
  const { status, location, setCookie } = await postLogin(uiUrl, account);
  const session = /^SESSION=([^;]+);/.exec(setCookie ?? "")?.[1];
  if (status !== 303 || location !== "/" || session === undefined) {
    throw new Error(`The console refused the login of ${account.username}: ${status}, Location ${location ?? "none"}.`);
  }
  return { Cookie: `SESSION=${session}` };
}
