// The HTTP side of the login (kafbat's LOGIN_FORM paths): GET /login shows the form, POST /login takes its username
// and password fields and sets the session cookie, /logout ends the session. Every other request needs a session,
// except the health probe and the page's static files: /api paths answer 401, pages redirect to /login.
import * as http from "http";
import { Log } from "./clusterMonitor";
import { clearedSessionCookie, credentialsMatch, LoginConfig, LoginThrottle, parseCookies, SESSION_COOKIE, sessionCookie, SessionStore } from "./login";
import { send, sendJson } from "./respond";
import { route } from "./routes";

/** Answers what the login owns; `handle` returns false for a request the console itself should answer. */
export interface LoginGate {
  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean;
}

export interface LoginGateOptions {
  login: LoginConfig;
  /** ui/static/login.html: the form, with `<!--notice-->` where a notice goes. */
  loginPage: Buffer | string;
  log: Log;
  now?: () => number;
}

/** A form post is two short fields; anything longer is not a login. */
export const MAX_LOGIN_BODY_BYTES = 4096;

/** Fixed texts only: nothing from the request is ever written into the page. */
const notices = {
  error: "Wrong username or password.",
  logout: "You are logged out.",
  throttled: "Too many failed logins from your address; wait a minute and try again.",
} as const;

function renderLoginPage(template: string, notice: keyof typeof notices | null): string {
  return template.replace("<!--notice-->", notice === null ? "" : `<p class="notice" role="alert">${notices[notice]}</p>`);
}

function redirect(res: http.ServerResponse, location: string, headers: http.OutgoingHttpHeaders = {}, status = 303): void {
  res.writeHead(status, { Location: location, "Content-Length": 0, "Cache-Control": "no-store", ...headers });
  res.end();
}

/** kafbat's error body for a request without a session. */
function notLoggedIn(res: http.ServerResponse, head: boolean, now: number): void {
  const body = { code: 401, message: "Log in first: this console requires a login (POST /login).", timestamp: now, requestId: null, fieldsErrors: null, stackTrace: null };
  sendJson(res, head, { status: 401, body });
}

/** The login of one console process: its sessions and throttle live as long as the process. */
export function createLoginGate(options: LoginGateOptions): LoginGate {
  const now = options.now ?? Date.now;
  const sessions = new SessionStore();
  const throttle = new LoginThrottle();
  const template = options.loginPage.toString();
  const page = (res: http.ServerResponse, head: boolean, status: number, notice: keyof typeof notices | null, headers: http.OutgoingHttpHeaders = {}) =>
    send(res, head, status, "text/html; charset=utf-8", renderLoginPage(template, notice), headers);

  function postLogin(req: http.IncomingMessage, res: http.ServerResponse): void {
    const address = req.socket.remoteAddress ?? "unknown";
    const waitMs = throttle.retryAfterMs(address, now());
    if (waitMs > 0) {
      // Refused before the password is even looked at, so guessing on during the lockout learns nothing.
      req.resume();
      page(res, false, 429, "throttled", { "Retry-After": String(Math.ceil(waitMs / 1000)) });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_LOGIN_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > MAX_LOGIN_BODY_BYTES) {
        sendJson(res, false, { status: 413, body: { code: 413, message: "A login form is two short fields; this request body is too large." } });
        return;
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const at = now();
      if (!credentialsMatch(options.login, form.get("username") ?? "", form.get("password") ?? "")) {
        throttle.fail(address, at);
        options.log(`failed login from ${address}`);
        redirect(res, "/login?error");
        return;
      }
      throttle.succeed(address);
      options.log(`login as ${options.login.username} from ${address}`);
      redirect(res, "/", { "Set-Cookie": sessionCookie(sessions.create(at)) });
    });
  }

  return {
    handle(req, res) {
      const method = req.method ?? "GET";
      const head = method === "HEAD";
      let url: URL;
      try {
        url = new URL(req.url ?? "/", "http://console");
      } catch {
        sendJson(res, head, { status: 400, body: { code: 400, message: "The request URL cannot be parsed; send a path such as /login." } });
        return true;
      }
      const pathname = url.pathname;
      const sessionId = parseCookies(req.headers.cookie)[SESSION_COOKIE];
      if (pathname === "/login") {
        if (method === "POST") postLogin(req, res);
        else if (method === "GET" || head) page(res, head, 200, url.searchParams.has("error") ? "error" : url.searchParams.has("logout") ? "logout" : null);
        else sendJson(res, head, { status: 405, body: { code: 405, message: `${method} /login is not allowed; GET shows the form, POST sends it.` } });
        return true;
      }
      if (pathname === "/logout") {
        sessions.remove(sessionId);
        redirect(res, "/login?logout", { "Set-Cookie": clearedSessionCookie() });
        return true;
      }
      // Open without a session, as in kafbat: the health probe, and the page's static files (no data in them).
      const r = route(pathname);
      if (r.kind === "health" || (r.kind === "asset" && r.file !== "index.html")) return false;
      if (sessions.touch(sessionId, now())) {
        res.setHeader("X-Console-Login", "LOGIN_FORM");
        return false;
      }
      if (pathname.startsWith("/api/") || pathname === "/api" || !(method === "GET" || head)) notLoggedIn(res, head, now());
      else redirect(res, "/login", {}, 302);
      return true;
    },
  };
}
