package dev.clickstream.collector.sink;

import java.util.List;

/**
 * The sink refused some records of a request for their content (a data error: PostgreSQL's SQLSTATE class 22, a
 * record Kinesis refuses as invalid). It stored every other record of the request; retrying would fail the same way.
 */
public final class SinkRecordsRefusedException extends RuntimeException {
    private final List<Integer> refused;
    private final String reason;

    /**
     * @param refused indexes of the refused records in the list given to {@link Sink#store}
     * @param reason  what the sink said, as a code without client data (an SQLSTATE, an error type)
     */
    public SinkRecordsRefusedException(List<Integer> refused, String reason) {
        super("the sink refused " + refused.size() + " record(s): " + reason, null, false, false);
        this.refused = List.copyOf(refused);
        this.reason = reason;
    }

    public List<Integer> refused() {
        return refused;
    }

    public String reason() {
        return reason;
    }
}
