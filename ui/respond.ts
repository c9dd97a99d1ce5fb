// How every answer of the console is written: its length, and headers that keep it out of caches, frames and
// content sniffing.
import * as http from "http";

/** Writes one whole answer; `head` sends the headers alone. */
export function send(
  res: http.ServerResponse,
  head: boolean,
  status: number,
  contentType: string,
  payload: Buffer | string,
  extraHeaders: http.OutgoingHttpHeaders = {},
): void {
  res.writeHead(status, {
    "Content-Type": contentType,
    "Content-Length": Buffer.byteLength(payload),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    // frame-ancestors: no other site may frame the console (and trick a logged-in user into clicking in it).
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
    ...extraHeaders,
  });
  res.end(head ? undefined : payload);
}

/** A JSON answer (kafbat's bodies); `status` and `body` as the API computed them. */
export function sendJson(
  res: http.ServerResponse,
  head: boolean,
  { status, body }: { status: number; body: unknown },
  contentType = "application/json",
  extraHeaders: http.OutgoingHttpHeaders = {},
): void {
  send(res, head, status, contentType, JSON.stringify(body), extraHeaders);
}
