package dev.clickstream.benchmark.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the numbers were measured on, read from the running system. */
final class Machine {
    private Machine() {}

    static String describe() {
        String cpu = grep(Path.of("/proc/cpuinfo"), "model name");
        String mem = grep(Path.of("/proc/meminfo"), "MemTotal");
        return "- CPU: " + cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores\n"
                + "- Memory: " + mem + "\n"
                + "- OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + "\n"
                + "- Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + "\n"
                + "- Load generator, servers and PostgreSQL all on this one machine, over 127.0.0.1.\n";
    }

    private static String grep(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.stream().filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
