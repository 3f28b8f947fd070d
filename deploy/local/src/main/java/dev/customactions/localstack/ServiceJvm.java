package dev.customactions.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM each service runs in: the launcher's own Java with the heap bounds below and no other flags
 * (JDK 25 with SerialGC and compact headers, or with an AOT cache, measured no better: decision 0012).
 * {@code CUSTOMACTIONS_SERVICE_JAVA_HOME} names another Java and {@code CUSTOMACTIONS_SERVICE_JVM_OPTIONS}
 * adds flags (after the defaults, so they win), for comparing runtimes on the same harness; {@code {service}}
 * in them stands for the service's module (e.g. {@code -XX:AOTCache=/tmp/aot/{service}.aot}, a file per service).
 */
final class ServiceJvm {

    /** Heap bounds of every service. */
    static final List<String> HEAP = List.of("-Xms64m", "-Xmx384m");

    private ServiceJvm() {}

    /** The command that runs {@code module}'s {@code jar}: the Java, its flags, {@code -jar jar}. */
    static List<String> command(String module, Path jar) {
        var command = new ArrayList<String>();
        command.add(java());
        command.addAll(HEAP);
        LocalStack.env("CUSTOMACTIONS_SERVICE_JVM_OPTIONS")
                .ifPresent(options -> command.addAll(Arrays.asList(
                        options.trim().replace("{service}", module).split("\\s+"))));
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /** The Java of {@code CUSTOMACTIONS_SERVICE_JAVA_HOME}, else the one the launcher runs on. */
    static String java() {
        return LocalStack.env("CUSTOMACTIONS_SERVICE_JAVA_HOME")
                .map(home -> Path.of(home, "bin", "java"))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .orElseGet(BrokerProcess::javaExecutable);
    }
}
