package dev.customactions.systemtests;

import dev.customactions.localstack.Launcher;
import dev.customactions.localstack.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A release of the platform built from the source stored with the tests ({@code releases/<tag>.tar.gz}, written
 * by {@code releases/archive} when the release is cut: a clone need carry neither the tag nor the history). Its
 * tree is extracted next to the tests and its services packaged (without their tests) with the release's own
 * Maven wrapper, so the launcher can start them as it starts the current build. Built once; kept while
 * {@code target} is.
 */
final class Release {

    private static final long BUILD_MINUTES = 15;

    private Release() {}

    /** The folder holding release {@code tag}'s tree with its services built, building it when needed. */
    static Path build(String tag) throws IOException, InterruptedException {
        Path tree = Path.of("target/releases").resolve(tag).toAbsolutePath();
        Path built = tree.resolve(".built");
        if (Files.exists(built)) {
            return tree;
        }
        Path source = Path.of("releases").resolve(tag + ".tar.gz").toAbsolutePath();
        if (!Files.exists(source)) {
            throw new IllegalStateException(
                    "No source stored for release " + tag + ": run deploy/system-tests/releases/archive " + tag);
        }
        LocalStack.deleteRecursively(tree);
        Files.createDirectories(tree);
        run(tree, List.of("tar", "-xzf", source.toString()), "Extracting " + source);
        var maven = List.of(
                "./mvnw",
                "-B",
                "-q",
                "package",
                // The release's own tests ran when it was cut; here only its services are packaged to run.
                "-Dmaven.test.skip=true",
                "-pl",
                String.join(",", Launcher.PLATFORM_SERVICES),
                "-am");
        run(tree, maven, "Building " + tag + " (log: " + tree.resolve("build.log") + ")");
        Files.writeString(built, tag);
        return tree;
    }

    private static void run(Path directory, List<String> command, String what)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("release", ".log");
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean ended = process.waitFor(BUILD_MINUTES, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        Files.delete(log);
        if (!ended || process.exitValue() != 0) {
            throw new IllegalStateException(what + " failed:\n" + output);
        }
        if (command.get(0).equals("./mvnw")) {
            Files.writeString(directory.resolve("build.log"), output);
        }
    }
}
