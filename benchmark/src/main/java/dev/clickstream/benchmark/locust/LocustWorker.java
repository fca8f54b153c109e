package dev.clickstream.benchmark.locust;

import com.github.myzhan.locust4j.AbstractTask;
import com.github.myzhan.locust4j.runtime.Runner;
import com.github.myzhan.locust4j.stats.Stats;
import picocli.CommandLine;

import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * A Locust worker in Java: locust4j's runner, stats and {@link CollectorTask}s, over {@link Locust2Transport} so a
 * Locust 2.x master accepts it. This is what {@code Locust.getInstance().run(tasks)} does, with the transport swapped.
 * The master's {@code quit} ends the process (locust4j exits on it).
 */
public final class LocustWorker {
    private LocustWorker() {}

    public static Runner start(String masterHost, int masterPort, String version, String userClass, List<AbstractTask> tasks) {
        Stats.getInstance().start();
        Runner runner = new Runner();
        runner.setStats(Stats.getInstance());
        runner.setRPCClient(new Locust2Transport(masterHost, masterPort, runner.getNodeID(), version, userClass));
        runner.setTasks(tasks);
        attach(runner);
        runner.getReady();
        return runner;
    }

    /** For running the worker on its own classpath (the tests do); users run {@code clickstream bench locust-worker}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Command()).execute(args));
    }

    /**
     * Tasks ask {@code Locust.getInstance().getRunner()} for the runner's state before every execution, and
     * {@code setRunner} is protected (only {@code Locust.run} sets it, with its 1.x client); set it here.
     */
    private static void attach(Runner runner) {
        try {
            java.lang.reflect.Method set = com.github.myzhan.locust4j.Locust.class.getDeclaredMethod("setRunner", Runner.class);
            set.setAccessible(true);
            set.invoke(com.github.myzhan.locust4j.Locust.getInstance(), runner);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this locust4j version has no Locust.setRunner(Runner); the worker needs 1.0.14", e);
        }
    }

    @CommandLine.Command(name = "locust-worker", mixinStandardHelpOptions = true,
            description = "Join a Locust 2.x master as a worker and drive the collector with locust4j tasks.")
    public static final class Command implements Callable<Integer> {
        @CommandLine.Option(names = "--master-host", defaultValue = "127.0.0.1") String masterHost;
        @CommandLine.Option(names = "--master-port", defaultValue = "5557") int masterPort;
        @CommandLine.Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "Collector base URL.") URI url;
        @CommandLine.Option(names = "--write-key", required = true) String writeKey;
        @CommandLine.Option(names = "--locust-version", defaultValue = "2.12.1",
                description = "Version to announce in client_ready (the master's, to avoid a mismatch warning).") String version;
        @CommandLine.Option(names = "--user-class", defaultValue = "CollectorUser",
                description = "The user class the locustfile declares; every Java user counts under it.") String userClass;

        @Override
        public Integer call() throws InterruptedException {
            start(masterHost, masterPort, version, userClass, CollectorTask.all(url, writeKey));
            System.out.println("locust4j worker connected to " + masterHost + ":" + masterPort + "; waiting for the master");
            new CountDownLatch(1).await(); // the master's quit message exits the process
            return 0;
        }
    }
}
