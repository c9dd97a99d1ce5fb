// Kafka Connect's REST API as tests and benchmarks call it: one request (logged in when the worker's API asks for a
// login, as on a secured stack), its JSON answer, and Connect's refusal as an error that names the request.
import { basicAuthorization } from "../components/connectRest";
import type { ConnectLogin } from "../components/connectorState";

/**
 * `method url` with an optional JSON body, sending `login` (basic authentication) when given; resolves with the parsed
 * answer (undefined for an empty one).
 */
export async function connectApi<T>(url: string, method = "GET", body?: unknown, login?: ConnectLogin): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { "content-type": "application/json", ...(login ? { authorization: basicAuthorization(login) } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text.slice(0, 500)}`);
  return (text === "" ? undefined : JSON.parse(text)) as T;
}
