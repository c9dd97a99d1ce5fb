// The console's only contact with Kafka Connect: GETs on its REST API, bounded by the admin timeout.
import { ConnectConfig } from "./config";
import { ConnectorExpanded, ConnectRoot } from "./connectShapes";

export interface ConnectReader {
  root(): Promise<ConnectRoot>;
  /** Every connector with its config, tasks and status, in one request. */
  connectors(): Promise<Record<string, ConnectorExpanded>>;
  /** Topics the connector has used (Connect's topic tracking); [] when Connect does not track them. */
  topics(name: string): Promise<string[]>;
  taskConfigs(name: string): Promise<{ id: { task: number }; config: Record<string, string> }[]>;
}

export class ConnectHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class HttpConnectReader implements ConnectReader {
  constructor(
    private readonly connect: ConnectConfig,
    private readonly timeoutMs: number,
  ) {}

  private async get<T>(path: string): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (this.connect.username !== null && this.connect.password !== null) {
      headers.Authorization = `Basic ${Buffer.from(`${this.connect.username}:${this.connect.password}`).toString("base64")}`;
    }
    const url = `${this.connect.address}${path}`;
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const cause = error instanceof Error ? ((error as { cause?: Error }).cause?.message ?? error.message) : String(error);
      throw new Error(`Kafka Connect ${this.connect.name} at ${this.connect.address} did not answer GET ${path} (${cause}); check that it is up and reachable from the console.`);
    }
    const body = (await response.json().catch(() => null)) as T & { message?: string };
    if (!response.ok) {
      throw new ConnectHttpError(response.status, `Kafka Connect ${this.connect.name} answered GET ${path} with ${response.status}: ${body?.message ?? "no message"}`);
    }
    return body;
  }

  root(): Promise<ConnectRoot> {
    return this.get("/");
  }

  connectors(): Promise<Record<string, ConnectorExpanded>> {
    return this.get("/connectors?expand=info&expand=status");
  }

  async topics(name: string): Promise<string[]> {
    const body = await this.get<Record<string, { topics: string[] }>>(`/connectors/${encodeURIComponent(name)}/topics`).catch(() => null);
    return body?.[name]?.topics ?? [];
  }

  taskConfigs(name: string): Promise<{ id: { task: number }; config: Record<string, string> }[]> {
    return this.get(`/connectors/${encodeURIComponent(name)}/tasks`);
  }
}
