// The console's login (kafbat's AUTH_TYPE=LOGIN_FORM): the credential check, the server-side sessions behind the
// session cookie, and the per-address throttle on failed attempts. No IO here; the HTTP side is loginGate.ts.
import { createHash, randomBytes, timingSafeEqual } from "crypto";

/** The one account of kafbat's login form (Spring's `spring.security.user.name` / `.password`). */
export interface LoginConfig {
  username: string;
  password: string;
}

/** Spring Session's cookie name, which kafbat's login form also uses. */
export const SESSION_COOKIE = "SESSION";
/** Spring's default session timeout: a session unused this long is gone. */
export const SESSION_IDLE_MS = 30 * 60_000;
/** However busy, a session ends after this long and the user logs in again. */
export const SESSION_MAX_MS = 12 * 60 * 60_000;
/** Bounds the memory a flood of logins can take; the oldest session makes room for a new one. */
export const MAX_SESSIONS = 1000;

/**
 * Both strings hashed first, so the comparison takes the same time whatever their lengths and wherever they first
 * differ (timingSafeEqual alone refuses buffers of different lengths, which would tell the length).
 */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Whether the form's fields name the account; both are compared in full, so the time does not tell which was wrong. */
export function credentialsMatch(config: LoginConfig, username: string, password: string): boolean {
  const userOk = sameSecret(username, config.username);
  const passwordOk = sameSecret(password, config.password);
  return userOk && passwordOk;
}

interface Session {
  createdAt: number;
  lastUsedAt: number;
}

/** Sessions by id, kept in this process only: a restart logs everyone out, which is what a console should do. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  /** A new session's id: 32 random bytes, base64url. */
  create(now: number): string {
    this.prune(now);
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    const id = randomBytes(32).toString("base64url");
    this.sessions.set(id, { createdAt: now, lastUsedAt: now });
    return id;
  }

  /** Whether `id` is a live session; using it keeps it alive for another idle period. */
  touch(id: string | undefined, now: number): boolean {
    if (id === undefined) return false;
    const session = this.sessions.get(id);
    if (session === undefined) return false;
    if (this.expired(session, now)) {
      this.sessions.delete(id);
      return false;
    }
    session.lastUsedAt = now;
    return true;
  }

  /** Ends a session (logout); an unknown id is ignored. */
  remove(id: string | undefined): void {
    if (id !== undefined) this.sessions.delete(id);
  }

  /** How many sessions are held. */
  get size(): number {
    return this.sessions.size;
  }

  private expired(session: Session, now: number): boolean {
    return now - session.lastUsedAt >= SESSION_IDLE_MS || now - session.createdAt >= SESSION_MAX_MS;
  }

  private prune(now: number): void {
    for (const [id, session] of this.sessions) if (this.expired(session, now)) this.sessions.delete(id);
  }
}

/** Failed logins from one address before it is refused for a while. */
export const MAX_FAILURES = 5;
/** Failures older than this are forgotten. */
export const FAILURE_WINDOW_MS = 15 * 60_000;
/** How long an address that reached MAX_FAILURES is refused, even with the right password. */
export const LOCKOUT_MS = 60_000;
/** Bounds the memory a scan from many addresses can take. */
export const MAX_TRACKED_ADDRESSES = 10_000;

interface Failures {
  count: number;
  firstAt: number;
  lockedUntil: number;
}

/**
 * Slows password guessing: after MAX_FAILURES failed logins within FAILURE_WINDOW_MS, an address is refused for
 * LOCKOUT_MS. Per address, so one guesser does not lock everyone else out (clients behind one proxy share a count).
 */
export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();

  /** Milliseconds until `address` may try again; 0 when it may now. */
  retryAfterMs(address: string, now: number): number {
    const entry = this.failures.get(address);
    return entry === undefined ? 0 : Math.max(0, entry.lockedUntil - now);
  }

  /** Counts a failed login; the MAX_FAILURES-th within the window locks the address out. */
  fail(address: string, now: number): void {
    let entry = this.failures.get(address);
    if (entry === undefined || now - entry.firstAt >= FAILURE_WINDOW_MS || (entry.lockedUntil !== 0 && now >= entry.lockedUntil)) {
      if (entry === undefined && this.failures.size >= MAX_TRACKED_ADDRESSES) this.forgetStale(now);
      entry = { count: 0, firstAt: now, lockedUntil: 0 };
      this.failures.set(address, entry);
    }
    entry.count++;
    if (entry.count >= MAX_FAILURES) entry.lockedUntil = now + LOCKOUT_MS;
  }

  /** A successful login clears the address's count. */
  succeed(address: string): void {
    this.failures.delete(address);
  }

  private forgetStale(now: number): void {
    for (const [address, entry] of this.failures) {
      if (now - entry.firstAt >= FAILURE_WINDOW_MS && now >= entry.lockedUntil) this.failures.delete(address);
    }
    // Still full: the oldest entry goes, so tracking stays bounded under a wide scan.
    if (this.failures.size >= MAX_TRACKED_ADDRESSES) this.failures.delete(this.failures.keys().next().value as string);
  }
}

/** The cookies of a request's Cookie header, by name (the first of a repeated name wins). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    if (!(name in cookies)) cookies[name] = part.slice(index + 1).trim();
  }
  return cookies;
}

/**
 * The session cookie: HttpOnly (page scripts cannot read it), SameSite=Strict (no other site's page sends it), for
 * the whole console. No `Secure`: the console speaks plain HTTP, where a browser would then never send it back.
 */
export function sessionCookie(id: string): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_MAX_MS / 1000}`;
}

/** The Set-Cookie value that removes the session cookie at logout. */
export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}
