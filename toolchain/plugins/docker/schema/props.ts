// What the stand-in implements of @pulumi/docker 5.2.0, one table per resource: each supported input with its type,
// whether a change updates in place or replaces (the real provider's ForceNew), its default and how it diffs.
// A property missing here is refused by `check`, so nothing is silently ignored; adding one means adding it here and
// to the resource's builder in model/.

export type PropType = "string" | "integer" | "boolean" | "stringList" | "stringMap" | "object" | "objectList";

export interface PropSpec {
  readonly type: PropType;
  /** A change is applied in place; without it a change replaces the resource. */
  readonly updatable?: boolean;
  /** Terraform's Optional+Computed: when the new inputs omit it, the value in state stands (no diff). */
  readonly computed?: boolean;
  /** Order does not matter (a Terraform TypeSet, or the ports' DiffSuppressFunc). */
  readonly set?: boolean;
  readonly required?: boolean;
  readonly default?: string | number | boolean;
  readonly oneOf?: readonly string[];
  /** A Go duration string ≥ 0 ("10s", "1m30s"). */
  readonly duration?: boolean;
  /** Base64 that Go's base64.StdEncoding decodes (standard alphabet, padded; line breaks skipped). */
  readonly base64?: boolean;
  /** A string must match `regex` (the real provider's ValidateDiagFunc); `expected` says what that means. */
  readonly pattern?: { readonly regex: RegExp; readonly expected: string };
  /** Of an object or of each element of an objectList: exactly one of these fields is set to a non-empty value. */
  readonly exactlyOneOf?: readonly string[];
  /** The fields of an object or of each element of an objectList. */
  readonly fields?: Readonly<Record<string, PropSpec>>;
}

export interface ResourceSpec {
  readonly token: string;
  readonly props: Readonly<Record<string, PropSpec>>;
  /** `name` is optional and generated as `<logicalName>-<7 hex>` when omitted (the bridge's autonaming). */
  readonly autoNamed: boolean;
  /** Pulumi's resources.go sets DeleteBeforeReplace for the container (its name and ports are unique). */
  readonly deleteBeforeReplace: boolean;
}

const labelFields = {
  label: { type: "string", required: true },
  value: { type: "string", required: true },
} as const;

const labels: PropSpec = { type: "objectList", set: true, fields: labelFields };

export const containerSpec: ResourceSpec = {
  token: "docker:index/container:Container",
  autoNamed: true,
  deleteBeforeReplace: true,
  props: {
    name: { type: "string", computed: true },
    image: { type: "string", required: true },
    hostname: { type: "string", computed: true },
    domainname: { type: "string" },
    envs: { type: "stringList", set: true, computed: true },
    command: { type: "stringList", computed: true },
    entrypoints: { type: "stringList", computed: true },
    // Terraform suppresses the diff when user or workingDir is omitted (Docker's default then applies).
    user: { type: "string", computed: true },
    workingDir: { type: "string", computed: true },
    labels: { ...labels, computed: true },
    ports: {
      type: "objectList",
      set: true,
      fields: {
        internal: { type: "integer", required: true },
        external: { type: "integer", computed: true },
        ip: { type: "string", default: "0.0.0.0" },
        protocol: { type: "string", default: "tcp", oneOf: ["tcp", "udp", "sctp"] },
      },
    },
    volumes: {
      type: "objectList",
      set: true,
      fields: {
        containerPath: { type: "string" },
        hostPath: { type: "string" },
        volumeName: { type: "string" },
        fromContainer: { type: "string" },
        readOnly: { type: "boolean" },
      },
    },
    networkMode: { type: "string", default: "bridge" },
    networksAdvanced: {
      type: "objectList",
      set: true,
      fields: {
        name: { type: "string", required: true },
        aliases: { type: "stringList", set: true },
        ipv4Address: { type: "string" },
        ipv6Address: { type: "string" },
      },
    },
    hosts: {
      type: "objectList",
      set: true,
      fields: { host: { type: "string", required: true }, ip: { type: "string", required: true } },
    },
    ulimits: {
      type: "objectList",
      set: true,
      fields: {
        name: { type: "string", required: true },
        soft: { type: "integer", required: true },
        hard: { type: "integer", required: true },
      },
    },
    // Copied into the container between create and start; ForceNew, and never read back (state keeps the inputs).
    uploads: {
      type: "objectList",
      set: true,
      exactlyOneOf: ["content", "contentBase64", "source"],
      fields: {
        file: { type: "string", required: true },
        content: { type: "string" },
        contentBase64: { type: "string", base64: true },
        executable: { type: "boolean", default: false },
        permissions: { type: "string", pattern: { regex: /^0[0-7]{3}$/, expected: 'an octal mode such as "0644" (^0[0-7]{3}$)' } },
        source: { type: "string" },
        sourceHash: { type: "string" },
      },
    },
    healthcheck: {
      type: "object",
      updatable: true,
      computed: true,
      fields: {
        tests: { type: "stringList", required: true },
        interval: { type: "string", duration: true, default: "0s" },
        timeout: { type: "string", duration: true, default: "0s" },
        startPeriod: { type: "string", duration: true, default: "0s" },
        retries: { type: "integer", default: 0 },
      },
    },
    logDriver: { type: "string", computed: true },
    logOpts: { type: "stringMap" },
    stopSignal: { type: "string", computed: true },
    stopTimeout: { type: "integer", computed: true },
    restart: { type: "string", updatable: true, default: "no", oneOf: ["no", "on-failure", "always", "unless-stopped"] },
    maxRetryCount: { type: "integer", updatable: true },
    /** In MiB, as the real provider (it multiplies by 1024 * 1024). */
    memory: { type: "integer", updatable: true },
    init: { type: "boolean", updatable: true, computed: true },
    start: { type: "boolean", updatable: true, default: true },
    mustRun: { type: "boolean", updatable: true, default: true },
    wait: { type: "boolean", updatable: true, default: false },
    waitTimeout: { type: "integer", updatable: true, default: 60 },
    rm: { type: "boolean", updatable: true, default: false },
    removeVolumes: { type: "boolean", updatable: true, default: true },
    destroyGraceSeconds: { type: "integer", updatable: true },
  },
};

export const networkSpec: ResourceSpec = {
  token: "docker:index/network:Network",
  autoNamed: true,
  deleteBeforeReplace: false,
  props: {
    name: { type: "string", computed: true },
    driver: { type: "string", computed: true },
    internal: { type: "boolean", computed: true },
    attachable: { type: "boolean" },
    ipv6: { type: "boolean" },
    options: { type: "stringMap", computed: true },
    labels,
    ipamDriver: { type: "string", default: "default" },
    ipamConfigs: {
      type: "objectList",
      set: true,
      computed: true,
      fields: { subnet: { type: "string" }, ipRange: { type: "string" }, gateway: { type: "string" } },
    },
  },
};

export const volumeSpec: ResourceSpec = {
  token: "docker:index/volume:Volume",
  autoNamed: true,
  deleteBeforeReplace: false,
  props: {
    name: { type: "string", computed: true },
    driver: { type: "string", computed: true },
    driverOpts: { type: "stringMap" },
    labels,
  },
};

export const remoteImageSpec: ResourceSpec = {
  token: "docker:index/remoteImage:RemoteImage",
  autoNamed: false,
  deleteBeforeReplace: false,
  props: {
    name: { type: "string", required: true },
    keepLocally: { type: "boolean", updatable: true },
    forceRemove: { type: "boolean", updatable: true },
    // Only replacement triggers: their values mean nothing to Docker.
    pullTriggers: { type: "stringList", set: true },
    triggers: { type: "stringMap" },
  },
};

/** The provider's own configuration (`pulumi:providers:docker`, stack config `docker:*`). */
export const providerConfigSpec: ResourceSpec = {
  token: "pulumi:providers:docker",
  autoNamed: false,
  deleteBeforeReplace: false,
  props: {
    host: { type: "string" },
    disableDockerDaemonCheck: { type: "boolean" },
    // Set by the engine on every provider resource, not by the user.
    version: { type: "string" },
    pluginDownloadURL: { type: "string" },
  },
};
