// The console's login: credential check, sessions, throttle, cookies (ui/login.ts), and the HTTP gate in front of a
// real console server on loopback with a fake Kafka (ui/loginGate.ts).
import { AddressInfo } from "net";
import * as fs from "fs";
import * as path from "path";
import { ClusterMonitor } from "../../ui/clusterMonitor";
import { ClusterReader } from "../../ui/kafkaAdmin";
import {
  credentialsMatch,
  FAILURE_WINDOW_MS,
  LOCKOUT_MS,
  LoginThrottle,
  MAX_FAILURES,
  MAX_SESSIONS,
  parseCookies,
  SESSION_IDLE_MS,
  SESSION_MAX_MS,
  sessionCookie,
  SessionStore,
} from "../../ui/login";
import { createLoginGate } from "../../ui/loginGate";
import { createUiServer, loadAssets } from "../../ui/server";

const account = { username: "admin", password: "correct-horse-battery" };

describe("credentialsMatch", () => {
  test.each([
    ["admin", "correct-horse-battery", true],
    ["admin", "correct-horse-batter", false],
    ["admin", "correct-horse-battery ", false],
    ["Admin", "correct-horse-battery", false],
    ["", "", false],
    ["admin", "", false],
  ])("%j / %j → %s", (username, password, expected) => {
    expect(credentialsMatch(account, username, password)).toBe(expected);
  });
});

describe("SessionStore", () => {
  test("a new session is live, distinct and 32 random bytes; an unknown or removed id is not", () => {
    const store = new SessionStore();
    const a = store.create(0);
    const b = store.create(0);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(store.touch(a, 1)).toBe(true);
    expect(store.touch("guess", 1)).toBe(false);
    expect(store.touch(undefined, 1)).toBe(false);
    store.remove(a);
    expect(store.touch(a, 2)).toBe(false);
    expect(store.touch(b, 2)).toBe(true);
  });

  test("idle for SESSION_IDLE_MS ends a session; use keeps it alive, but never past SESSION_MAX_MS", () => {
    const store = new SessionStore();
    const idle = store.create(0);
    expect(store.touch(idle, SESSION_IDLE_MS - 1)).toBe(true);
    expect(store.touch(idle, 2 * SESSION_IDLE_MS - 1)).toBe(false);
    const busy = store.create(0);
    let now = 0;
    while (now + SESSION_IDLE_MS / 2 < SESSION_MAX_MS) {
      now += SESSION_IDLE_MS / 2;
      expect(store.touch(busy, now)).toBe(true);
    }
    expect(store.touch(busy, SESSION_MAX_MS)).toBe(false);
  });

  test("bounded: the oldest session makes room at MAX_SESSIONS", () => {
    const store = new SessionStore();
    const first = store.create(0);
    for (let i = 1; i < MAX_SESSIONS; i++) store.create(0);
    expect(store.size).toBe(MAX_SESSIONS);
    const newest = store.create(1);
    expect(store.size).toBe(MAX_SESSIONS);
    expect(store.touch(first, 2)).toBe(false);
    expect(store.touch(newest, 2)).toBe(true);
  });
});

describe("LoginThrottle", () => {
  test(`${MAX_FAILURES} failures lock an address out for LOCKOUT_MS; other addresses are not affected`, () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < MAX_FAILURES - 1; i++) throttle.fail("a", i);
    expect(throttle.retryAfterMs("a", MAX_FAILURES)).toBe(0);
    throttle.fail("a", 1000);
    expect(throttle.retryAfterMs("a", 1000)).toBe(LOCKOUT_MS);
    expect(throttle.retryAfterMs("a", 1000 + LOCKOUT_MS - 1)).toBe(1);
    expect(throttle.retryAfterMs("b", 1000)).toBe(0);
    expect(throttle.retryAfterMs("a", 1000 + LOCKOUT_MS)).toBe(0);
    // After the lockout the count starts again: one more failure does not lock at once.
    throttle.fail("a", 1000 + LOCKOUT_MS);
    expect(throttle.retryAfterMs("a", 1000 + LOCKOUT_MS)).toBe(0);
  });

  test("failures older than FAILURE_WINDOW_MS are forgotten, and a success clears the count", () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < MAX_FAILURES - 1; i++) throttle.fail("a", 0);
    throttle.fail("a", FAILURE_WINDOW_MS);
    expect(throttle.retryAfterMs("a", FAILURE_WINDOW_MS)).toBe(0);
    for (let i = 0; i < MAX_FAILURES - 1; i++) throttle.fail("b", 0);
    throttle.succeed("b");
    throttle.fail("b", 1);
    expect(throttle.retryAfterMs("b", 1)).toBe(0);
  });
});

describe("cookies", () => {
  test("parseCookies reads name=value pairs; the first of a repeated name wins", () => {
    expect(parseCookies("a=1; SESSION=abc=; b; SESSION=other")).toEqual({ a: "1", SESSION: "abc=" });
    expect(parseCookies(undefined)).toEqual({});
  });

  test("the session cookie is HttpOnly, SameSite=Strict, for the whole console", () => {
    expect(sessionCookie("id")).toBe(`SESSION=id; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_MAX_MS / 1000}`);
  });
});

/** A reader for a cluster nobody asks about: the gate is under test, not Kafka. */
const idleReader = { snapshot: () => new Promise(() => undefined), recycle: () => undefined, close: () => Promise.resolve() } as unknown as ClusterReader;

describe("the login gate in front of the console (loopback HTTP)", () => {
  const logged: string[] = [];
  let clock = 1_000_000;
  const monitor = new ClusterMonitor({ name: "local", bootstrapServers: ["kb:29092"], readOnly: false, connection: {}, connects: [], metrics: null }, idleReader, 60_000, () => undefined);
  const staticDir = path.join(__dirname, "../../ui/static");
  const gate = createLoginGate({ login: account, loginPage: fs.readFileSync(path.join(staticDir, "login.html")), log: (line) => logged.push(line), now: () => clock });
  const server = createUiServer({ monitors: [monitor], assets: loadAssets(staticDir), log: () => undefined, gate });
  let base = "";
  beforeAll(() => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => {
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    resolve();
  })));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    // Each test starts past any lockout an earlier one left.
    clock += LOCKOUT_MS + FAILURE_WINDOW_MS;
    logged.length = 0;
  });

  const login = (username: string, password: string) =>
    fetch(`${base}/login`, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ username, password }).toString() });
  const sessionOf = (response: Response): string => /^SESSION=([^;]+);/.exec(response.headers.get("set-cookie") ?? "")?.[1] ?? "";

  test.each([
    ["/api/clusters", 401],
    ["/api/clusters/local/topics", 401],
    ["/api/clusters/local/nothing/here", 401],
    ["/", 302],
    ["/index.html", 302],
    ["/static/../api/clusters", 401],
  ])("without a session GET %s → %i", async (urlPath, status) => {
    const response = await fetch(`${base}${urlPath}`, { redirect: "manual" });
    expect(response.status).toBe(status);
    if (status === 302) expect(response.headers.get("location")).toBe("/login");
    else expect(await response.json()).toMatchObject({ code: 401, message: "Log in first: this console requires a login (POST /login)." });
  });

  test.each([
    ["/actuator/health", 200, '{"status":"UP"}'],
    ["/static/style.css", 200, "main.login"],
    ["/login", 200, '<form method="post" action="/login">'],
  ])("open without a session: %s", async (urlPath, status, fragment) => {
    const response = await fetch(`${base}${urlPath}`);
    expect(response.status).toBe(status);
    expect(await response.text()).toContain(fragment);
  });

  test("a wrong password redirects to /login?error without a cookie, and the form then says so", async () => {
    const response = await login("admin", "wrong");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/login?error");
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(await (await fetch(`${base}/login?error`)).text()).toContain("Wrong username or password.");
    expect(logged).toEqual(["failed login from 127.0.0.1"]);
  });

  test("the right password sets the session cookie; with it the API answers; logout ends it", async () => {
    const response = await login("admin", account.password);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
    const session = sessionOf(response);
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = { Cookie: `SESSION=${session}` };
    const clusters = await fetch(`${base}/api/clusters`, { headers: cookie });
    expect(clusters.status).toBe(200);
    expect(clusters.headers.get("x-console-login")).toBe("LOGIN_FORM");
    expect((await clusters.json())[0].name).toBe("local");
    expect((await fetch(`${base}/`, { headers: cookie })).status).toBe(200);
    // Another session id, or none, still gets nothing.
    expect((await fetch(`${base}/api/clusters`, { headers: { Cookie: "SESSION=x" + session.slice(1) } })).status).toBe(401);

    const logout = await fetch(`${base}/logout`, { headers: cookie, redirect: "manual" });
    expect(logout.status).toBe(303);
    expect(logout.headers.get("location")).toBe("/login?logout");
    expect(logout.headers.get("set-cookie")).toBe("SESSION=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    expect((await fetch(`${base}/api/clusters`, { headers: cookie })).status).toBe(401);
    expect(logged).toEqual(["login as admin from 127.0.0.1"]);
  });

  test("a session unused for SESSION_IDLE_MS is refused", async () => {
    const cookie = { Cookie: `SESSION=${sessionOf(await login("admin", account.password))}` };
    clock += SESSION_IDLE_MS;
    expect((await fetch(`${base}/api/clusters`, { headers: cookie })).status).toBe(401);
  });

  test(`after ${MAX_FAILURES} failures the address gets 429 with Retry-After, even with the right password, until the lockout ends`, async () => {
    for (let i = 0; i < MAX_FAILURES; i++) expect((await login("admin", `guess-${i}`)).status).toBe(303);
    const refused = await login("admin", account.password);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe(String(LOCKOUT_MS / 1000));
    expect(refused.headers.get("set-cookie")).toBeNull();
    expect(await refused.text()).toContain("Too many failed logins from your address");
    clock += LOCKOUT_MS;
    const allowed = await login("admin", account.password);
    expect(allowed.status).toBe(303);
    expect(sessionOf(allowed)).not.toBe("");
  });

  test("a body larger than a login form is refused with 413, and other methods on /login with 405", async () => {
    const large = await fetch(`${base}/login`, { method: "POST", body: "username=admin&password=" + "x".repeat(5000) });
    expect(large.status).toBe(413);
    expect((await fetch(`${base}/login`, { method: "PUT" })).status).toBe(405);
  });
});
