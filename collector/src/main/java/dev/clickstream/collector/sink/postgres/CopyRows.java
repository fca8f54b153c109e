package dev.clickstream.collector.sink.postgres;

import java.io.InputStream;
import java.util.List;

/**
 * The COPY input of one attempt, streamed from the requests' CSV rows, each row preceded by the commit's two
 * timestamp fields: no buffer of the whole group commit is ever built.
 */
final class CopyRows extends InputStream {
    /** Rows {@code from} (inclusive) to {@code to} (exclusive) of one request. */
    record Slice(byte[][] rows, int from, int to) {}

    private final List<Slice> slices;
    private final byte[] prefix;
    private int slice;
    private int row;
    private int part; // 0, 1: the prefix (arrival time, refresh time); 2: the row
    private int pos;

    CopyRows(List<Slice> slices, byte[] prefix) {
        this.slices = slices;
        this.prefix = prefix;
        if (!slices.isEmpty()) row = slices.get(0).from();
    }

    @Override
    public int read(byte[] b, int off, int len) {
        int n = 0;
        while (n < len) {
            byte[] current = current();
            if (current == null) return n == 0 ? -1 : n;
            int k = Math.min(len - n, current.length - pos);
            System.arraycopy(current, pos, b, off + n, k);
            n += k;
            pos += k;
            if (pos == current.length) advance();
        }
        return n;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    private byte[] current() {
        while (slice < slices.size() && row >= slices.get(slice).to()) {
            if (++slice < slices.size()) row = slices.get(slice).from();
        }
        if (slice >= slices.size()) return null;
        return part < 2 ? prefix : slices.get(slice).rows()[row];
    }

    private void advance() {
        pos = 0;
        if (++part == 3) {
            part = 0;
            row++;
        }
    }
}
