// Schema validation, offline: the JSON schemas that the kubernetes-models packages generated from
// Kubernetes' OpenAPI document and from the operators' CRDs / API types (validate()), and a
// TypeScript compile of every document against the same packages' types, which catches what the
// JSON schemas let through: unknown fields (a misspelt `readinesProbe` is ignored by the schema but
// refused by the API server's strict field validation).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { OUT, ROOT } from "./repo.mjs";

/**
 * The API versions a manifest may use: those of the cluster versions and operators we target
 * (README.md, "What is checked"). Anything else fails, including versions that the packages
 * still model but that clusters no longer serve (autoscaling/v2beta2, policy/v1beta1, Strimzi's
 * v1beta2, which Strimzi 1.0 dropped).
 */
const API_VERSIONS = {
    v1: "kubernetes-models/v1",
    "apps/v1": "kubernetes-models/apps/v1",
    "batch/v1": "kubernetes-models/batch/v1",
    "policy/v1": "kubernetes-models/policy/v1",
    "autoscaling/v2": "kubernetes-models/autoscaling/v2",
    "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
    "rbac.authorization.k8s.io/v1": "kubernetes-models/rbac.authorization.k8s.io/v1",
    "kafka.strimzi.io/v1": "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1",
    "postgresql.cnpg.io/v1": "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1",
    "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
};

/** The module of a document's type, or an error saying why there is none. */
export async function modelOf(doc) {
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
        return { error: "not a Kubernetes object (expected a mapping)" };
    }
    const { apiVersion, kind } = doc;
    if (typeof apiVersion !== "string" || typeof kind !== "string") {
        return { error: "has no apiVersion and kind" };
    }
    const base = API_VERSIONS[apiVersion];
    if (!base) return { error: `unknown or unsupported apiVersion ${apiVersion} (kind ${kind})` };
    const specifier = `${base}/${kind}`;
    let module;
    try {
        module = await import(specifier);
    } catch {
        return { error: `unknown kind ${kind} in ${apiVersion}` };
    }
    const Model = module[kind];
    // A type without apiVersion/kind (e.g. v1/PodSpec) is part of a resource, not a resource.
    if (!Model || Model.apiVersion !== apiVersion || Model.kind !== kind) {
        return { error: `unknown kind ${kind} in ${apiVersion}` };
    }
    return { Model, specifier };
}

/** Schema errors of one document (an empty list when valid). */
export async function schemaErrors(doc) {
    const { Model, error } = await modelOf(doc);
    if (error) return [error];
    try {
        new Model(doc).validate();
        return [];
    } catch (e) {
        return [e.message];
    }
}

/**
 * Compiles every document as a constant of its TypeScript type; returns, per document, the
 * compiler's errors (object literals may only name known properties). `docs` are
 * { origin, doc } with a known model; one compile for all (about two seconds).
 */
export async function strictFieldErrors(docs, name = "strict") {
    const dir = join(OUT, name);
    mkdirSync(dir, { recursive: true });
    const imports = new Map();
    const lines = [];
    const lineOrigins = [];
    for (const [i, { origin, doc }] of docs.entries()) {
        const { specifier, error } = await modelOf(doc);
        if (error) continue;
        if (!imports.has(specifier)) imports.set(specifier, `T${imports.size}`);
        const json = JSON.stringify(doc, null, 1).split("\n");
        lines.push(`// ${origin}`);
        lineOrigins.push(null);
        lines.push(`export const d${i}: ${imports.get(specifier)} = ${json[0]}`);
        lineOrigins.push(origin);
        for (const l of json.slice(1)) {
            lines.push(l);
            lineOrigins.push(origin);
        }
    }
    const header = [...imports].map(
        ([specifier, alias]) => `import type { I${specifier.split("/").pop()} as ${alias} } from "${specifier}";`,
    );
    writeFileSync(join(dir, "manifests.ts"), [...header, ...lines, ""].join("\n"));
    writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({
            compilerOptions: {
                strict: true,
                noEmit: true,
                module: "nodenext",
                moduleResolution: "nodenext",
                target: "es2022",
                skipLibCheck: true,
                types: [],
            },
            files: ["manifests.ts"],
        }),
    );
    const tsc = createRequire(join(ROOT, "package.json")).resolve("typescript/bin/tsc");
    let output = "";
    try {
        execFileSync(process.execPath, [tsc, "-p", "tsconfig.json", "--pretty", "false"], {
            cwd: dir,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
    } catch (e) {
        output = (e.stdout || "") + (e.stderr || "");
        if (!output.trim()) throw e;
    }
    const errors = [];
    for (const line of output.split("\n")) {
        const m = /^manifests\.ts\((\d+),\d+\): error (TS\d+: .*)$/.exec(line);
        if (m) {
            const origin = lineOrigins[Number(m[1]) - 1 - header.length] ?? "manifests.ts";
            errors.push(`${origin}: ${m[2]}`);
        } else if (/^\s/.test(line) && errors.length > 0) {
            errors[errors.length - 1] += ` ${line.trim()}`;
        } else if (line.trim()) {
            errors.push(line.trim());
        }
    }
    return errors;
}
