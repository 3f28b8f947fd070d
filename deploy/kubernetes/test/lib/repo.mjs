// Reading the manifests and the parts of the services' sources they must agree with.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

/** deploy/kubernetes */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** the repository */
export const REPO = resolve(ROOT, "../..");
export const OUT = join(ROOT, "target");
export const KUBECTL = process.env.KUBECTL || "kubectl";

const SKIPPED_DIRS = new Set(["node_modules", "target"]);

/** Every *.yaml / *.yml file under deploy/kubernetes (relative paths), monitoring/ included. */
export function yamlFiles(dir = ROOT) {
    const found = [];
    for (const name of readdirSync(dir).sort()) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
            if (!SKIPPED_DIRS.has(name)) found.push(...yamlFiles(path));
        } else if (/\.ya?ml$/.test(name)) {
            found.push(relative(ROOT, path));
        }
    }
    return found;
}

/** The documents of a YAML text; a syntax error or a duplicate key throws, naming the source. */
export function parseYaml(text, source) {
    const docs = [];
    for (const doc of parseAllDocuments(text, { uniqueKeys: true })) {
        if (doc.errors.length > 0) {
            throw new Error(`${source}: ${doc.errors.map((e) => e.message).join("; ")}`);
        }
        const value = doc.toJS();
        if (value !== null && value !== undefined) docs.push(value);
    }
    return docs;
}

export function readYaml(rel) {
    return parseYaml(readFileSync(join(ROOT, rel), "utf8"), rel);
}

/** Folders (relative) holding a kustomization.yaml. */
export function kustomizationDirs() {
    return yamlFiles()
        .filter((f) => /(^|\/)kustomization\.ya?ml$/.test(f))
        .map((f) => dirname(f));
}

/** `kubectl kustomize DIR`, written to target/rendered/<dir>.yaml; returns the documents. */
export function render(dir) {
    let text;
    try {
        text = execFileSync(KUBECTL, ["kustomize", join(ROOT, dir)], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
            maxBuffer: 64 * 1024 * 1024,
        });
    } catch (e) {
        throw new Error(`${KUBECTL} kustomize ${dir} failed: ${e.stderr || e.message}`);
    }
    const file = join(OUT, "rendered", `${dir.replaceAll("/", "-")}.yaml`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return parseYaml(text, `${dir} (rendered)`);
}

/** A service module's application.properties as [key, value] pairs, profile prefixes kept. */
export function applicationProperties(module) {
    const file = join(REPO, module, "src/main/resources/application.properties");
    if (!existsSync(file)) return null;
    const pairs = [];
    for (const raw of readFileSync(file, "utf8").split("\n")) {
        const line = raw.trim();
        if (line === "" || line.startsWith("#")) continue;
        const at = line.indexOf("=");
        if (at > 0) pairs.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
    }
    return pairs;
}

/** The topics a module reads with a consumer group (SmallRye incoming channels). */
export function consumedTopics(module) {
    const props = new Map((applicationProperties(module) || []).filter(([k]) => !k.startsWith("%")));
    const topics = [];
    for (const [key, value] of props) {
        const m = /^mp\.messaging\.incoming\.([^.]+)\.topic$/.exec(key);
        if (m && props.has(`mp.messaging.incoming.${m[1]}.group.id`)) {
            topics.push({ topic: value, group: props.get(`mp.messaging.incoming.${m[1]}.group.id`) });
        }
    }
    return topics;
}

/**
 * The environment variables a module reads: its properties (Quarkus maps FOO_BAR to foo.bar) and
 * the variables its README documents.
 */
export function knownEnvironment(module) {
    const known = new Set();
    for (const [key] of applicationProperties(module) || []) {
        known.add(
            key
                .replace(/^%[^.]+\./, "")
                .replace(/[^A-Za-z0-9]/g, "_")
                .toUpperCase(),
        );
    }
    const readme = join(REPO, module, "README.md");
    if (existsSync(readme)) {
        for (const m of readFileSync(readme, "utf8").matchAll(/`([A-Z][A-Z0-9_]+)`/g)) known.add(m[1]);
    }
    return known;
}

/**
 * The platform's topic catalogue from platform-common's Topics.java: every String constant is a
 * topic except the suffix; those in COMPACTED_TOPICS are compacted; each has a dead-letter topic.
 */
export function topicCatalogue() {
    const source = readFileSync(
        join(REPO, "platform-common/src/main/java/dev/customactions/common/kafka/Topics.java"),
        "utf8",
    );
    const constants = new Map();
    for (const m of source.matchAll(/static final String (\w+) = "([^"]+)";/g)) constants.set(m[1], m[2]);
    const suffix = constants.get("DLQ_SUFFIX");
    constants.delete("DLQ_SUFFIX");
    const compactedList = /COMPACTED_TOPICS\s*=\s*List\.of\(([^)]*)\)/.exec(source);
    if (!suffix || constants.size === 0 || !compactedList) {
        throw new Error("Topics.java no longer has the shape this check reads: update test/lib/repo.mjs");
    }
    const compacted = new Set(compactedList[1].split(",").map((c) => constants.get(c.trim())));
    const topics = new Map();
    for (const name of constants.values()) {
        topics.set(name, { compacted: compacted.has(name) });
        topics.set(name + suffix, { compacted: false, dlq: true });
    }
    return topics;
}
