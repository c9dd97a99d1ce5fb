// Kafka Connect's REST API as tests and benchmarks call it: one request, its JSON answer, and Connect's refusal as an
// error that names the request.

/** `method url` with an optional JSON body; resolves with the parsed answer (undefined for an empty one). */
export async function connectApi<T>(url: string, method = "GET", body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text.slice(0, 500)}`);
  return (text === "" ? undefined : JSON.parse(text)) as T;
}
