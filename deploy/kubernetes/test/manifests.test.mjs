// Validates every manifest under deploy/kubernetes offline (no cluster): each kustomization is
// rendered with `kubectl kustomize`, every rendered document and every YAML file is checked
// against the Kubernetes, Strimzi, CloudNativePG and Prometheus Operator schemas (and their types,
// for unknown fields), and each overlay is checked as one installation (references, selectors,
// partitions, databases, security). What this does not check: README.md, "What is checked".
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, normalize } from "node:path";
import { describe, test } from "node:test";
import { CHECKS, Installation } from "./lib/checks.mjs";
import { ROOT, kustomizationDirs, readYaml, render, yamlFiles } from "./lib/repo.mjs";
import { modelOf, schemaErrors, strictFieldErrors } from "./lib/schemas.mjs";

/** What both Kustomize v2.0.3 (Debian's kubectl 1.20, the build's fallback) and v5 understand. */
const KUSTOMIZATION_FIELDS = new Set([
    "apiVersion",
    "kind",
    "resources",
    "bases",
    "namespace",
    "namePrefix",
    "nameSuffix",
    "commonLabels",
    "commonAnnotations",
    "patchesStrategicMerge",
    "patchesJson6902",
    "images",
    "configMapGenerator",
    "secretGenerator",
    "generatorOptions",
]);
const GENERATOR_FIELDS = new Set(["name", "behavior", "files", "literals", "type"]);
const GENERATOR_OPTION_FIELDS = new Set(["labels", "annotations", "disableNameSuffixHash"]);
const IMAGE_FIELDS = new Set(["name", "newName", "newTag", "digest"]);

const files = yamlFiles();
const dirs = kustomizationDirs();
const overlays = dirs.filter((d) => d.startsWith("overlays/"));
const kustomizations = new Map(dirs.map((d) => [d, readYaml(join(d, "kustomization.yaml"))[0] || {}]));
const rendered = new Map();

const unknownFields = (object, allowed) => Object.keys(object || {}).filter((k) => !allowed.has(k));
const isDir = (path) => existsSync(path) && statSync(path).isDirectory();

/** How each YAML file is used: kustomization, resource, patch (strategic / json6902), example. */
function roles() {
    const role = new Map(files.map((f) => [f, []]));
    for (const [dir, k] of kustomizations) {
        role.get(join(dir, "kustomization.yaml"))?.push("kustomization");
        for (const r of k.resources || []) role.get(normalize(join(dir, r)))?.push("resource");
        for (const p of k.patchesStrategicMerge || []) role.get(normalize(join(dir, p)))?.push("strategic-merge patch");
        for (const p of k.patchesJson6902 || []) role.get(normalize(join(dir, p.path)))?.push("json6902 patch");
    }
    for (const f of files) if (f.endsWith(".example.yaml")) role.get(f).push("example");
    return role;
}

/** The Secrets (and other objects) an overlay's operator creates: its *.example.yaml files. */
const providedFor = (overlay) =>
    files.filter((f) => dirname(f) === overlay && f.endsWith(".example.yaml")).flatMap(readYaml);

describe("YAML files", () => {
    test("every YAML file parses and is a kustomization, a resource, a patch or an example", () => {
        const errors = [];
        for (const [file, used] of roles()) {
            try {
                readYaml(file);
            } catch (e) {
                errors.push(e.message);
            }
            if (used.length === 0) errors.push(`${file}: used by no kustomization (name examples *.example.yaml)`);
        }
        assert.deepEqual(errors, []);
    });

    test("every resource and example file matches its schema as written", async () => {
        const errors = [];
        for (const [file, used] of roles()) {
            if (!used.includes("resource") && !used.includes("example")) continue;
            for (const [i, doc] of readYaml(file).entries()) {
                for (const e of await schemaErrors(doc))
                    errors.push(`${file}#${i} (${doc?.kind} ${doc?.metadata?.name}): ${e}`);
            }
        }
        assert.deepEqual(errors, []);
    });

    test("every patch names a known kind, and every json6902 patch is a list of operations", async () => {
        const errors = [];
        for (const [dir, k] of kustomizations) {
            for (const p of k.patchesStrategicMerge || []) {
                for (const doc of readYaml(normalize(join(dir, p)))) {
                    const { error } = await modelOf(doc);
                    if (error) errors.push(`${join(dir, p)}: ${error}`);
                    if (!doc.metadata?.name) errors.push(`${join(dir, p)}: a patch names its target (metadata.name)`);
                }
            }
            for (const p of k.patchesJson6902 || []) {
                const t = p.target || {};
                const apiVersion = t.group ? `${t.group}/${t.version}` : t.version;
                const { error } = await modelOf({ apiVersion, kind: t.kind });
                if (error) errors.push(`${dir}: json6902 target: ${error}`);
                const ops = readYaml(normalize(join(dir, p.path)))[0];
                if (
                    !Array.isArray(ops) ||
                    !ops.every(
                        (o) =>
                            ["add", "remove", "replace", "move", "copy", "test"].includes(o.op) &&
                            typeof o.path === "string",
                    )
                ) {
                    errors.push(`${join(dir, p.path)}: not a list of JSON patch operations`);
                }
            }
        }
        assert.deepEqual(errors, []);
    });
});

describe("kustomizations", () => {
    for (const dir of dirs) {
        test(`${dir}: uses only what Kustomize v2.0.3 and v5 both read`, () => {
            const k = kustomizations.get(dir);
            const errors = unknownFields(k, KUSTOMIZATION_FIELDS).map((f) => `field ${f}`);
            for (const r of k.resources || []) {
                if (isDir(join(ROOT, dir, r)))
                    errors.push(`resources: ${r} is a folder: list it under bases (v2.0.3 reads files only)`);
            }
            for (const b of k.bases || []) {
                if (!existsSync(join(ROOT, dir, b, "kustomization.yaml")))
                    errors.push(`bases: ${b} has no kustomization.yaml`);
            }
            for (const g of [...(k.configMapGenerator || []), ...(k.secretGenerator || [])]) {
                errors.push(...unknownFields(g, GENERATOR_FIELDS).map((f) => `generator ${g.name}: field ${f}`));
                for (const f of g.files || []) {
                    const path = join(ROOT, dir, f.includes("=") ? f.split("=")[1] : f);
                    if (path.endsWith(".json")) {
                        try {
                            JSON.parse(readFileSync(path, "utf8"));
                        } catch (e) {
                            errors.push(`generator ${g.name}: ${f}: ${e.message}`);
                        }
                    }
                }
            }
            errors.push(
                ...unknownFields(k.generatorOptions, GENERATOR_OPTION_FIELDS).map(
                    (f) => `generatorOptions: field ${f}`,
                ),
            );
            for (const i of k.images || [])
                errors.push(...unknownFields(i, IMAGE_FIELDS).map((f) => `images ${i.name}: field ${f}`));
            assert.deepEqual(errors, []);
        });

        test(`${dir}: renders with kubectl kustomize`, () => {
            const docs = render(dir);
            assert.ok(docs.length > 0, "renders nothing");
            rendered.set(dir, docs);
        });

        test(`${dir}: every rendered document matches its schema`, async () => {
            assert.ok(rendered.has(dir), "not rendered");
            const errors = [];
            for (const doc of rendered.get(dir)) {
                for (const e of await schemaErrors(doc)) errors.push(`${doc?.kind} ${doc?.metadata?.name}: ${e}`);
            }
            assert.deepEqual(errors, []);
        });
    }

    test("no document has a field its type lacks (TypeScript compile of every document)", async () => {
        const docs = [];
        for (const [dir, list] of rendered) {
            for (const doc of list) docs.push({ origin: `${dir} (rendered) ${doc.kind} ${doc.metadata?.name}`, doc });
        }
        for (const file of files.filter((f) => f.endsWith(".example.yaml"))) {
            for (const doc of readYaml(file)) docs.push({ origin: `${file} ${doc.kind} ${doc.metadata?.name}`, doc });
        }
        assert.ok(rendered.size === dirs.length, "some kustomization did not render");
        assert.deepEqual(await strictFieldErrors(docs), []);
    });
});

describe("overlays as installations", () => {
    test("there are overlays to check", () => assert.ok(overlays.length >= 2, overlays.join(", ")));
    for (const overlay of overlays) {
        for (const [name, check] of Object.entries(CHECKS)) {
            test(`${overlay}: ${name}`, () => {
                assert.ok(rendered.has(overlay), "not rendered");
                const inst = new Installation(rendered.get(overlay), providedFor(overlay));
                assert.deepEqual(check(inst, kustomizations.get(overlay)), []);
            });
        }
    }
});

describe("the checks catch what they are for", () => {
    const overlay = "overlays/production";
    const copy = () => structuredClone(rendered.get(overlay));
    const get = (docs, kind, name) => docs.find((d) => d.kind === kind && d.metadata.name === name);
    const run = (check, docs) =>
        CHECKS[check](new Installation(docs, providedFor(overlay)), kustomizations.get(overlay));

    test("a misspelt field, a wrong type and an unknown kind fail", async () => {
        const docs = copy();
        const executor = get(docs, "Deployment", "executor-service");
        executor.spec.template.spec.containers[0].readinesProbe = {
            httpGet: { path: "/q/health/ready", port: "http" },
        };
        const topic = structuredClone(get(docs, "KafkaTopic", "channel.events"));
        topic.spec.partitions = "12";
        const typo = { origin: "typo", doc: executor };
        assert.match((await strictFieldErrors([typo], "strict-self-test")).join("\n"), /readinesProbe/);
        assert.match((await schemaErrors(topic)).join("\n"), /partitions must be integer/);
        assert.match(
            (
                await schemaErrors({
                    apiVersion: "kafka.strimzi.io/v1beta2",
                    kind: "KafkaTopic",
                    metadata: { name: "x" },
                })
            ).join("\n"),
            /unsupported apiVersion/,
        );
        assert.match((await schemaErrors({ apiVersion: "v1", kind: "PodSpec" })).join("\n"), /unknown kind/);
    });

    test("an autoscaler above the partitions fails", () => {
        const docs = copy();
        get(docs, "HorizontalPodAutoscaler", "objects-service").spec.maxReplicas = 13;
        assert.match(run("autoscalers", docs).join("\n"), /exceeds the 12 partitions of channel.events/);
    });

    test("a missing Secret key, a stray selector and a misspelt variable fail", () => {
        const docs = copy();
        const definitions = get(docs, "Deployment", "definitions-service").spec.template.spec.containers[0];
        definitions.env.find((e) => e.name === "CUSTOMACTIONS_SECRETS_KEY").valueFrom.secretKeyRef.key = "kee";
        definitions.env.push({ name: "CUSTOMACTIONS_KAFKA_CREATE_TOPIC", value: "false" });
        get(docs, "Service", "console").spec.selector["app.kubernetes.io/name"] = "consol";
        assert.match(run("workloadReferences", docs).join("\n"), /key kee/);
        assert.match(run("selectorsAndPorts", docs).join("\n"), /Service console: its selector matches no/);
        assert.match(run("containers", docs).join("\n"), /CUSTOMACTIONS_KAFKA_CREATE_TOPIC is read by nothing/);
    });

    test("a compacted topic left to deletion, a missing topic and a service creating topics fail", () => {
        const docs = copy().filter((d) => !(d.kind === "KafkaTopic" && d.metadata.name === "auth.tokens.dlq"));
        get(docs, "KafkaTopic", "definitions.changes").spec.config["cleanup.policy"] = "delete";
        get(docs, "ConfigMap", "custom-actions").data.CUSTOMACTIONS_KAFKA_CREATE_TOPICS = "true";
        const errors = run("kafka", docs).join("\n");
        assert.match(errors, /definitions.changes must be compacted/);
        assert.match(errors, /no KafkaTopic for auth.tokens.dlq/);
        assert.match(errors, /set CUSTOMACTIONS_KAFKA_CREATE_TOPICS=false/);
    });

    test("a service on another's database, or too few connections, fails", () => {
        const docs = copy();
        const objects = get(docs, "Deployment", "objects-service").spec.template.spec.containers[0];
        objects.env.find((e) => e.name === "QUARKUS_DATASOURCE_JDBC_URL").value =
            "jdbc:postgresql://$(POSTGRES_HOST):5432/executor";
        get(docs, "Cluster", "custom-actions-db").spec.postgresql.parameters.max_connections = "100";
        const errors = run("databases", docs).join("\n");
        assert.match(errors, /database executor is also/);
        assert.match(errors, /max_connections 100 is below/);
    });

    test("a container without probes or security settings fails", () => {
        const docs = copy();
        const console = get(docs, "Deployment", "console").spec.template.spec.containers[0];
        delete console.livenessProbe;
        console.securityContext.readOnlyRootFilesystem = false;
        const errors = run("containers", docs).join("\n");
        assert.match(errors, /no livenessProbe/);
        assert.match(errors, /readOnlyRootFilesystem must be true/);
    });

    test(`the self-tests above ran on a rendered ${basename(overlay)} overlay`, () => assert.ok(rendered.has(overlay)));
});
