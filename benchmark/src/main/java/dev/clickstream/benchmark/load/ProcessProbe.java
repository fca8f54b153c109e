package dev.clickstream.benchmark.load;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches a server process during a phase: CPU seconds of the process and all its descendants (the collector's
 * embedded PostgreSQL included), from /proc; and, through the JDK attach API and JMX, the JVM's heap in use,
 * sampled every 200 ms, keeping the maximum. Linux only, same user only.
 */
public final class ProcessProbe implements AutoCloseable {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    public record Usage(double cpuCores, double javaCpuCores, long maxHeapBytes) {}

    private final long pid;
    private final JMXConnector jmx;
    private final MBeanServerConnection mbeans;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong maxHeap = new AtomicLong();
    private double startTreeTicks;
    private double startJavaTicks;
    private long startNanos;

    public ProcessProbe(long pid) {
        this.pid = pid;
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            String address = vm.startLocalManagementAgent();
            vm.detach();
            this.jmx = JMXConnectorFactory.connect(new JMXServiceURL(address));
            this.mbeans = jmx.getMBeanServerConnection();
        } catch (Exception e) {
            throw new IllegalStateException("cannot attach to JVM " + pid + ": " + e.getMessage(), e);
        }
    }

    public void start() {
        maxHeap.set(0);
        startTreeTicks = treeTicks();
        startJavaTicks = ticks(pid);
        startNanos = System.nanoTime();
        sampler.scheduleAtFixedRate(this::sampleHeap, 0, 200, TimeUnit.MILLISECONDS);
    }

    public Usage stop() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        sampleHeap();
        return new Usage((treeTicks() - startTreeTicks) / TICKS_PER_SECOND / seconds,
                (ticks(pid) - startJavaTicks) / TICKS_PER_SECOND / seconds, maxHeap.get());
    }

    private void sampleHeap() {
        try {
            CompositeData heap = (CompositeData) mbeans.getAttribute(new ObjectName("java.lang:type=Memory"), "HeapMemoryUsage");
            maxHeap.accumulateAndGet((Long) heap.get("used"), Math::max);
        } catch (Exception ignored) {
            // the process may be going away at the end of a phase
        }
    }

    private double treeTicks() {
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        double total = 0;
        for (long p : pids) total += ticks(p);
        return total;
    }

    /** utime + stime of one process, in clock ticks; fields 14 and 15 of /proc/pid/stat, after the command name. */
    private static double ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended between listing and reading
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        try {
            jmx.close();
        } catch (IOException ignored) {
            // best effort at the end of a run
        }
    }
}
