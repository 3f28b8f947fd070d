// Checks across the documents of one installation (a rendered overlay, plus the Secrets its
// operator provides, described in the overlay's *.example.yaml): what a schema cannot see.
// Every check returns a list of errors; an empty list passes.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO, consumedTopics, knownEnvironment, topicCatalogue } from "./repo.mjs";

/** Quarkus's default JDBC pool size (quarkus.datasource.jdbc.max-size). */
const DEFAULT_POOL = 20;
/** Connections kept for PostgreSQL's superusers, replication and the operator. */
const RESERVED_CONNECTIONS = 10;
/** Set for the JVM or only used inside other variables; read by no service's configuration. */
const GENERIC_ENV = new Set(["JAVA_TOOL_OPTIONS", "QUARKUS_DATASOURCE_PASSWORD"]);

export class Installation {
    /** @param docs rendered documents; @param provided documents the operator creates beforehand */
    constructor(docs, provided = []) {
        this.docs = docs;
        this.all = [...docs, ...provided];
    }
    of(kind) {
        return this.docs.filter((d) => d.kind === kind);
    }
    find(kind, name) {
        return this.all.find((d) => d.kind === kind && d.metadata?.name === name);
    }
    deployments() {
        return this.of("Deployment");
    }
}

const id = (d) => `${d.kind} ${d.metadata?.name}`;
const containersOf = (deployment) => [
    ...(deployment.spec?.template?.spec?.initContainers || []),
    ...(deployment.spec?.template?.spec?.containers || []),
];
const podLabels = (deployment) => deployment.spec?.template?.metadata?.labels || {};

/** Does a label selector (a map, or a LabelSelector with matchLabels / matchExpressions) select labels? */
export function selects(selector, labels) {
    if (!selector) return false;
    const isLabelSelector = "matchLabels" in selector || "matchExpressions" in selector;
    const matchLabels = isLabelSelector ? selector.matchLabels || {} : selector;
    const expressions = isLabelSelector ? selector.matchExpressions || [] : [];
    if (Object.keys(matchLabels).length === 0 && expressions.length === 0) return false;
    const labelsOk = Object.entries(matchLabels).every(([k, v]) => labels[k] === v);
    const expressionsOk = expressions.every(({ key, operator, values = [] }) => {
        switch (operator) {
            case "In":
                return key in labels && values.includes(labels[key]);
            case "NotIn":
                return !(key in labels) || !values.includes(labels[key]);
            case "Exists":
                return key in labels;
            case "DoesNotExist":
                return !(key in labels);
            default:
                return false;
        }
    });
    return labelsOk && expressionsOk;
}

function secretValue(secret, key) {
    if (!secret) return undefined;
    if (secret.stringData && key in secret.stringData) return String(secret.stringData[key]);
    if (secret.data && key in secret.data) return Buffer.from(secret.data[key], "base64").toString("utf8");
    return undefined;
}

const keysOf = (object) => new Set([...Object.keys(object?.data || {}), ...Object.keys(object?.stringData || {})]);

/** A container's environment: name -> { value?, secret?: {name, key}, source }, $(VAR) expanded. */
export function containerEnv(container, inst) {
    const env = new Map();
    for (const from of container.envFrom || []) {
        const prefix = from.prefix || "";
        if (from.configMapRef) {
            const cm = inst.find("ConfigMap", from.configMapRef.name);
            for (const [k, v] of Object.entries(cm?.data || {})) env.set(prefix + k, { value: v, source: id(cm) });
        }
        if (from.secretRef) {
            const secret = inst.find("Secret", from.secretRef.name);
            for (const k of keysOf(secret)) {
                env.set(prefix + k, { value: secretValue(secret, k), secret: { name: from.secretRef.name, key: k } });
            }
        }
    }
    for (const e of container.env || []) {
        if (e.valueFrom?.secretKeyRef) {
            const ref = e.valueFrom.secretKeyRef;
            env.set(e.name, { value: secretValue(inst.find("Secret", ref.name), ref.key), secret: ref });
        } else if (e.valueFrom?.configMapKeyRef) {
            const ref = e.valueFrom.configMapKeyRef;
            env.set(e.name, { value: inst.find("ConfigMap", ref.name)?.data?.[ref.key] });
        } else if (e.valueFrom) {
            env.set(e.name, {});
        } else {
            const value = String(e.value ?? "").replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name) =>
                env.get(name)?.value !== undefined ? env.get(name).value : whole,
            );
            env.set(e.name, { value });
        }
    }
    return env;
}

/** Every ConfigMap, Secret and ServiceAccount a pod refers to exists, with every key it reads. */
export function workloadReferences(inst) {
    const errors = [];
    for (const d of inst.deployments()) {
        const pod = d.spec?.template?.spec || {};
        if (pod.serviceAccountName && !inst.find("ServiceAccount", pod.serviceAccountName)) {
            errors.push(`${id(d)}: ServiceAccount ${pod.serviceAccountName} does not exist`);
        }
        for (const v of pod.volumes || []) {
            if (v.configMap && !v.configMap.optional && !inst.find("ConfigMap", v.configMap.name)) {
                errors.push(`${id(d)}: volume ${v.name}: ConfigMap ${v.configMap.name} does not exist`);
            }
            if (v.secret && !v.secret.optional && !inst.find("Secret", v.secret.secretName)) {
                errors.push(`${id(d)}: volume ${v.name}: Secret ${v.secret.secretName} does not exist`);
            }
        }
        for (const c of containersOf(d)) {
            for (const from of c.envFrom || []) {
                const [kind, ref] = from.configMapRef ? ["ConfigMap", from.configMapRef] : ["Secret", from.secretRef];
                if (ref && !ref.optional && !inst.find(kind, ref.name)) {
                    errors.push(`${id(d)}/${c.name}: envFrom ${kind} ${ref.name} does not exist`);
                }
            }
            for (const e of c.env || []) {
                const keyRef = e.valueFrom?.secretKeyRef || e.valueFrom?.configMapKeyRef;
                if (!keyRef || keyRef.optional) continue;
                const kind = e.valueFrom.secretKeyRef ? "Secret" : "ConfigMap";
                const object = inst.find(kind, keyRef.name);
                if (!object) {
                    errors.push(`${id(d)}/${c.name}: ${e.name} reads ${kind} ${keyRef.name}, which does not exist`);
                } else if (!keysOf(object).has(keyRef.key)) {
                    errors.push(
                        `${id(d)}/${c.name}: ${e.name} reads key ${keyRef.key} that ${kind} ${keyRef.name} lacks`,
                    );
                }
            }
        }
    }
    return errors;
}

/** Services, PodDisruptionBudgets and PodMonitors select pods that exist, on ports they have. */
export function selectorsAndPorts(inst) {
    const errors = [];
    const deployments = inst.deployments();
    const portsOf = (d) => containersOf(d).flatMap((c) => c.ports || []);
    for (const d of deployments) {
        if (!selects(d.spec?.selector, podLabels(d))) {
            errors.push(`${id(d)}: its selector does not select its own pod template`);
        }
        if (!inst.of("PodDisruptionBudget").some((p) => selects(p.spec?.selector, podLabels(d)))) {
            errors.push(`${id(d)}: no PodDisruptionBudget covers its pods`);
        }
    }
    for (const s of inst.of("Service")) {
        const targets = deployments.filter((d) => selects(s.spec?.selector, podLabels(d)));
        if (targets.length === 0) errors.push(`${id(s)}: its selector matches no Deployment's pods`);
        for (const port of s.spec?.ports || []) {
            const target = port.targetPort ?? port.port;
            for (const d of targets) {
                const found = portsOf(d).some((p) =>
                    typeof target === "string" ? p.name === target : p.containerPort === target,
                );
                if (!found)
                    errors.push(
                        `${id(s)}: port ${port.name ?? port.port} targets ${target}, which ${id(d)} does not expose`,
                    );
            }
        }
    }
    for (const p of inst.of("PodDisruptionBudget")) {
        if (!deployments.some((d) => selects(p.spec?.selector, podLabels(d)))) {
            errors.push(`${id(p)}: its selector matches no Deployment's pods`);
        }
    }
    for (const m of inst.of("PodMonitor")) {
        const targets = deployments.filter((d) => selects(m.spec?.selector, podLabels(d)));
        if (targets.length === 0) errors.push(`${id(m)}: its selector matches no Deployment's pods`);
        for (const endpoint of m.spec?.podMetricsEndpoints || []) {
            for (const d of targets) {
                if (endpoint.port && !portsOf(d).some((p) => p.name === endpoint.port)) {
                    errors.push(`${id(m)}: scrapes port ${endpoint.port}, which ${id(d)} does not name`);
                }
            }
        }
    }
    return errors;
}

/** The partitions of a topic: its KafkaTopic's, else what the services would create it with. */
function partitionsOf(topic, inst, env) {
    const kt = inst.of("KafkaTopic").find((t) => (t.spec?.topicName ?? t.metadata?.name) === topic);
    if (kt) return kt.spec?.partitions;
    const created = env.get("CUSTOMACTIONS_KAFKA_PARTITIONS")?.value;
    return created === undefined ? undefined : Number(created);
}

/**
 * HorizontalPodAutoscalers target a Deployment that leaves its replicas to them, and a consumer's
 * ceiling is the partitions of the topics its consumer group reads (more members would sit idle).
 */
export function autoscalers(inst) {
    const errors = [];
    for (const h of inst.of("HorizontalPodAutoscaler")) {
        const ref = h.spec?.scaleTargetRef || {};
        const target =
            ref.kind === "Deployment" && ref.apiVersion === "apps/v1" ? inst.find("Deployment", ref.name) : null;
        if (!target) {
            errors.push(`${id(h)}: scales ${ref.apiVersion} ${ref.kind} ${ref.name}, which does not exist`);
            continue;
        }
        if (target.spec?.replicas !== undefined) {
            errors.push(`${id(h)}: ${id(target)} sets replicas, which every apply would reset under the autoscaler`);
        }
        if ((h.spec.minReplicas ?? 1) > h.spec.maxReplicas) errors.push(`${id(h)}: minReplicas above maxReplicas`);
        for (const c of target.spec.template.spec.containers) {
            const env = containerEnv(c, inst);
            for (const { topic, group } of consumedTopics(c.name)) {
                const partitions = partitionsOf(topic, inst, env);
                if (partitions === undefined) {
                    errors.push(
                        `${id(h)}: cannot tell the partitions of ${topic} (no KafkaTopic, no CUSTOMACTIONS_KAFKA_PARTITIONS)`,
                    );
                } else if (h.spec.maxReplicas > partitions) {
                    errors.push(
                        `${id(h)}: maxReplicas ${h.spec.maxReplicas} exceeds the ${partitions} partitions of ${topic}, ` +
                            `which consumer group ${group} reads: the replicas beyond them would sit idle`,
                    );
                }
            }
        }
    }
    return errors;
}

/**
 * The KafkaTopics are exactly the platform's catalogue (Topics.java), compacted where it says so,
 * with partitions and retention set; the services point at the Kafka cluster and do not create topics.
 */
export function kafka(inst) {
    const errors = [];
    const clusters = inst.of("Kafka");
    const topics = inst.of("KafkaTopic");
    if (clusters.length === 0 && topics.length === 0) return errors;
    const catalogue = topicCatalogue();
    const names = new Map(topics.map((t) => [t.spec?.topicName ?? t.metadata.name, t]));
    for (const name of catalogue.keys()) if (!names.has(name)) errors.push(`no KafkaTopic for ${name}`);
    for (const [name, t] of names) {
        const expected = catalogue.get(name);
        if (!expected) {
            errors.push(`${id(t)}: ${name} is not one of the platform's topics (Topics.java)`);
            continue;
        }
        const config = t.spec?.config || {};
        if (!Number.isInteger(t.spec?.partitions)) errors.push(`${id(t)}: partitions not set`);
        if (expected.compacted) {
            if (config["cleanup.policy"] !== "compact") errors.push(`${id(t)}: ${name} must be compacted`);
            if (config["delete.retention.ms"] === undefined)
                errors.push(`${id(t)}: set how long tombstones stay (delete.retention.ms)`);
        } else {
            if ((config["cleanup.policy"] ?? "delete") !== "delete")
                errors.push(`${id(t)}: ${name} must not be compacted`);
            if (!(Number(config["retention.ms"]) > 0)) errors.push(`${id(t)}: retention.ms not set`);
        }
        const cluster = t.metadata?.labels?.["strimzi.io/cluster"];
        if (!clusters.some((k) => k.metadata.name === cluster)) {
            errors.push(`${id(t)}: label strimzi.io/cluster=${cluster} names no Kafka here`);
        }
    }
    for (const k of clusters) {
        const pools = inst
            .of("KafkaNodePool")
            .filter((p) => p.metadata?.labels?.["strimzi.io/cluster"] === k.metadata.name);
        const brokers = pools.filter((p) => p.spec.roles.includes("broker")).reduce((n, p) => n + p.spec.replicas, 0);
        if (!pools.some((p) => p.spec.roles.includes("controller")))
            errors.push(`${id(k)}: no KafkaNodePool with the controller role`);
        if (brokers === 0) errors.push(`${id(k)}: no KafkaNodePool with the broker role`);
        const config = k.spec.kafka.config || {};
        for (const key of [
            "default.replication.factor",
            "offsets.topic.replication.factor",
            "transaction.state.log.replication.factor",
        ]) {
            if (!(config[key] <= brokers))
                errors.push(`${id(k)}: ${key} ${config[key]} is not at most the ${brokers} brokers`);
        }
        if (!(config["min.insync.replicas"] <= config["default.replication.factor"])) {
            errors.push(`${id(k)}: min.insync.replicas above default.replication.factor: acks=all writes would fail`);
        }
        for (const t of topics) {
            if (t.spec?.replicas > brokers) errors.push(`${id(t)}: ${t.spec.replicas} replicas on ${brokers} brokers`);
        }
    }
    const partitionCounts = new Set(topics.map((t) => t.spec?.partitions));
    for (const d of inst.deployments()) {
        for (const c of d.spec.template.spec.containers) {
            const env = containerEnv(c, inst);
            const bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS")?.value;
            if (bootstrap === undefined) continue;
            if (topics.length > 0 && env.get("CUSTOMACTIONS_KAFKA_CREATE_TOPICS")?.value !== "false") {
                errors.push(`${id(d)}: topics are KafkaTopics here: set CUSTOMACTIONS_KAFKA_CREATE_TOPICS=false`);
            }
            const created = env.get("CUSTOMACTIONS_KAFKA_PARTITIONS")?.value;
            if (created !== undefined && !(partitionCounts.size === 1 && partitionCounts.has(Number(created)))) {
                errors.push(
                    `${id(d)}: CUSTOMACTIONS_KAFKA_PARTITIONS=${created} differs from the KafkaTopics' partitions`,
                );
            }
            const addresses = clusters.flatMap((k) =>
                (k.spec.kafka.listeners || [])
                    .filter((l) => l.type === "internal" && !l.tls && !l.authentication)
                    .map((l) => `${k.metadata.name}-kafka-bootstrap:${l.port}`),
            );
            if (clusters.length > 0 && !addresses.includes(bootstrap)) {
                errors.push(`${id(d)}: KAFKA_BOOTSTRAP_SERVERS=${bootstrap} is none of ${addresses.join(", ")}`);
            }
        }
    }
    return errors;
}

/**
 * Each service reaches its own database on the CloudNativePG cluster, owned by a managed role
 * whose password Secret is the one the service logs in with; max_connections covers every pool
 * at the autoscalers' ceilings.
 */
export function databases(inst) {
    const errors = [];
    const clusters = inst.of("Cluster");
    const usedBy = new Map();
    const connections = new Map(clusters.map((c) => [c.metadata.name, 0]));
    for (const d of inst.deployments()) {
        const hpa = inst.of("HorizontalPodAutoscaler").find((h) => h.spec?.scaleTargetRef?.name === d.metadata.name);
        const replicas = hpa ? hpa.spec.maxReplicas : (d.spec.replicas ?? 1);
        for (const c of d.spec.template.spec.containers) {
            const env = containerEnv(c, inst);
            const url = env.get("QUARKUS_DATASOURCE_JDBC_URL")?.value;
            if (url === undefined) continue;
            const m = /^jdbc:postgresql:\/\/([^:/]+)(?::(\d+))?\/([^?]+)/.exec(url);
            if (!m) {
                errors.push(`${id(d)}: QUARKUS_DATASOURCE_JDBC_URL ${url} is not a resolved PostgreSQL URL`);
                continue;
            }
            const [, host, , database] = m;
            if (usedBy.has(database)) errors.push(`${id(d)}: database ${database} is also ${usedBy.get(database)}'s`);
            usedBy.set(database, d.metadata.name);
            if (clusters.length === 0) continue;
            const cluster = clusters.find((cl) => host === `${cl.metadata.name}-rw`);
            if (!cluster) {
                errors.push(`${id(d)}: ${host} is not the read-write service of a Cluster here`);
                continue;
            }
            connections.set(
                cluster.metadata.name,
                connections.get(cluster.metadata.name) +
                    replicas * Number(env.get("QUARKUS_DATASOURCE_JDBC_MAX_SIZE")?.value ?? DEFAULT_POOL),
            );
            const db = inst
                .of("Database")
                .find((x) => x.spec?.cluster?.name === cluster.metadata.name && x.spec?.name === database);
            if (!db) {
                errors.push(`${id(d)}: no Database ${database} on Cluster ${cluster.metadata.name}`);
                continue;
            }
            const role = (cluster.spec.managed?.roles || []).find((r) => r.name === db.spec.owner);
            const password = env.get("QUARKUS_DATASOURCE_PASSWORD")?.secret;
            const username = env.get("QUARKUS_DATASOURCE_USERNAME");
            if (!role || role.login !== true || role.ensure === "absent") {
                errors.push(
                    `${id(d)}: the owner of ${database}, ${db.spec.owner}, is not a managed login role of ${id(cluster)}`,
                );
            } else if (!password || role.passwordSecret?.name !== password.name || password.key !== "password") {
                errors.push(
                    `${id(d)}: logs in with a password other than role ${role.name}'s Secret ${role.passwordSecret?.name} (key password)`,
                );
            }
            if (username?.secret?.name !== password?.name || username?.secret?.key !== "username") {
                errors.push(
                    `${id(d)}: QUARKUS_DATASOURCE_USERNAME must come from the key username of the password's Secret`,
                );
            } else if (username.value !== undefined && username.value !== db.spec.owner) {
                errors.push(
                    `${id(d)}: Secret ${password.name} says username ${username.value}, the database's owner is ${db.spec.owner}`,
                );
            }
            const secret = inst.find("Secret", password?.name);
            if (secret && secret.type !== "kubernetes.io/basic-auth") {
                errors.push(
                    `Secret ${password.name}: CloudNativePG wants type kubernetes.io/basic-auth for a role's password`,
                );
            }
        }
    }
    for (const cluster of clusters) {
        const max = Number(cluster.spec.postgresql?.parameters?.max_connections ?? 100);
        const needed = connections.get(cluster.metadata.name) + RESERVED_CONNECTIONS;
        if (needed > max) {
            errors.push(
                `${id(cluster)}: max_connections ${max} is below the services' pools at their ceilings plus reserve (${needed})`,
            );
        }
    }
    return errors;
}

/**
 * Every container: health probes on Quarkus's endpoints, requests and a memory limit, the
 * "restricted" security settings, a pinned image tag, and only environment variables its
 * service reads (a misspelt variable is otherwise silently ignored).
 */
export function containers(inst, kustomization = {}) {
    const errors = [];
    const images = kustomization.images || [];
    for (const d of inst.deployments()) {
        const pod = d.spec.template.spec;
        for (const c of pod.containers) {
            const where = `${id(d)}/${c.name}`;
            const portNames = new Set((c.ports || []).flatMap((p) => [p.name, p.containerPort]));
            for (const [probe, path] of [
                ["startupProbe", "/q/health/started"],
                ["readinessProbe", "/q/health/ready"],
                ["livenessProbe", "/q/health/live"],
            ]) {
                const get = c[probe]?.httpGet;
                if (!get) errors.push(`${where}: no ${probe}`);
                else if (get.path !== path) errors.push(`${where}: ${probe} on ${get.path}, not ${path}`);
                else if (!portNames.has(get.port))
                    errors.push(`${where}: ${probe} on port ${get.port}, which the container does not expose`);
            }
            const r = c.resources || {};
            if (!r.requests?.cpu || !r.requests?.memory || !r.limits?.memory)
                errors.push(`${where}: set requests (cpu, memory) and a memory limit`);
            const sc = c.securityContext || {};
            if (sc.allowPrivilegeEscalation !== false) errors.push(`${where}: allowPrivilegeEscalation must be false`);
            if (sc.readOnlyRootFilesystem !== true) errors.push(`${where}: readOnlyRootFilesystem must be true`);
            else if (!(c.volumeMounts || []).some((m) => m.mountPath === "/tmp"))
                errors.push(`${where}: read-only root without a writable /tmp`);
            if (!(sc.capabilities?.drop || []).includes("ALL")) errors.push(`${where}: drop ALL capabilities`);
            if ((sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot) !== true)
                errors.push(`${where}: runAsNonRoot must be true`);
            if ((sc.seccompProfile ?? pod.securityContext?.seccompProfile)?.type !== "RuntimeDefault") {
                errors.push(`${where}: seccompProfile RuntimeDefault`);
            }
            const image = /^(.*?)(?::([^:/@]+))?(@sha256:[0-9a-f]+)?$/.exec(c.image);
            if (!image[3] && (!image[2] || image[2] === "latest"))
                errors.push(`${where}: image ${c.image} has no pinned tag`);
            if (images.length > 0 && !images.some((i) => (i.newName ?? i.name) === image[1])) {
                errors.push(`${where}: image ${c.image} is not set by this overlay's images: list`);
            }
            if (!existsSync(join(REPO, c.name))) {
                errors.push(`${where}: no module ${c.name}/ in the repository to check its configuration against`);
                continue;
            }
            const known = knownEnvironment(c.name);
            const env = containerEnv(c, inst);
            const referenced = new Set(
                (c.env || []).flatMap((e) =>
                    [...String(e.value ?? "").matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)].map((m) => m[1]),
                ),
            );
            for (const name of env.keys()) {
                if (!known.has(name) && !GENERIC_ENV.has(name) && !referenced.has(name)) {
                    errors.push(
                        `${where}: ${name} is read by nothing in ${c.name} (neither its application.properties nor its README names it)`,
                    );
                }
            }
        }
    }
    return errors;
}

/** With a Namespace in the installation, every namespaced object is in it. */
export function namespaces(inst) {
    const errors = [];
    const ns = inst.of("Namespace").map((n) => n.metadata.name);
    if (ns.length !== 1) return ns.length > 1 ? [`several Namespaces: ${ns.join(", ")}`] : errors;
    for (const d of inst.docs) {
        if (d.kind !== "Namespace" && d.metadata?.namespace !== ns[0])
            errors.push(`${id(d)}: not in namespace ${ns[0]}`);
    }
    return errors;
}

export const CHECKS = { workloadReferences, selectorsAndPorts, autoscalers, kafka, databases, containers, namespaces };
