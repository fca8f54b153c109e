package dev.clickstream.collector.sink.postgres;

import dev.clickstream.collector.sink.postgres.CopyRows.Slice;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the rows PostgreSQL refuses for their content after a group commit failed with a data error, while keeping
 * every other row in the same single transaction (group commit holds: one commit, one fsync, for everyone). Each
 * probe is a COPY inside a savepoint. Requests are bisected first, so an innocent request is never refused; inside a
 * refused request, rows are bisected, at most {@link #MAX_PROBES_PER_REQUEST} probes: past that, the request's
 * unresolved rows count as refused (a request with that many bad rows is not an honest client).
 */
final class RefusedRows {
    static final int MAX_PROBES_PER_REQUEST = 32;

    /** One COPY of the slices inside a savepoint: true when it went in, false on a data error (rolled back). */
    interface Probe {
        boolean tryCopy(List<Slice> slices) throws SQLException;
    }

    private final Probe probe;
    private final Map<byte[][], List<Integer>> refused = new IdentityHashMap<>();
    private int probesLeft;

    private RefusedRows(Probe probe) {
        this.probe = probe;
    }

    /**
     * @param requests the rows of each request of a group commit that failed as a whole with a data error
     * @return the refused row indexes of each request that has any, keyed by the request's rows array
     */
    static Map<byte[][], List<Integer>> find(List<byte[][]> requests, Probe probe) throws SQLException {
        RefusedRows r = new RefusedRows(probe);
        r.requests(requests);
        return r.refused;
    }

    /** {@code requests} failed together: find which of them fail alone. */
    private void requests(List<byte[][]> requests) throws SQLException {
        if (requests.size() == 1) {
            probesLeft = MAX_PROBES_PER_REQUEST;
            rows(requests.get(0), 0, requests.get(0).length);
            return;
        }
        int mid = requests.size() / 2;
        for (List<byte[][]> half : List.of(requests.subList(0, mid), requests.subList(mid, requests.size()))) {
            if (!probe.tryCopy(slices(half))) requests(half);
        }
    }

    /** Rows {@code from}..{@code to} of one request failed together: find which fail alone. */
    private void rows(byte[][] request, int from, int to) throws SQLException {
        if (to - from == 1 || probesLeft <= 0) {
            List<Integer> out = refused.computeIfAbsent(request, k -> new ArrayList<>());
            for (int i = from; i < to; i++) out.add(i);
            return;
        }
        int mid = (from + to) >>> 1;
        int[][] halves = {{from, mid}, {mid, to}};
        for (int[] h : halves) {
            probesLeft--;
            if (!probe.tryCopy(List.of(new Slice(request, h[0], h[1])))) rows(request, h[0], h[1]);
        }
    }

    private static List<Slice> slices(List<byte[][]> requests) {
        List<Slice> out = new ArrayList<>(requests.size());
        for (byte[][] rows : requests) out.add(new Slice(rows, 0, rows.length));
        return out;
    }
}
