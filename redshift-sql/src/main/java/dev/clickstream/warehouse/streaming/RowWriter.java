package dev.clickstream.warehouse.streaming;

import dev.clickstream.warehouse.CsvCopyEncoder;
import dev.clickstream.warehouse.RefreshClock;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * One Kinesis record as one raw_events row, like the streaming view's
 * {@code CASE WHEN CAN_JSON_PARSE(kinesis_data) THEN JSON_PARSE(kinesis_data) END AS payload}: JSON goes to
 * {@code payload}, anything else keeps its text in {@code bad_payload} instead of being dropped.
 */
final class RowWriter {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private RowWriter() {}

    static void write(CsvCopyEncoder out, software.amazon.awssdk.services.kinesis.model.Record r, String shardId, String refreshTime) {
        byte[] data = r.data().asByteArrayUnsafe();
        metadata(out, r, r.partitionKey(), shardId, refreshTime);
        if (isJsonObjectOrArray(data)) {
            out.json(data);
            out.separator();
            out.nullField();
        } else {
            out.nullField();
            out.separator();
            out.text(lenientText(data));
        }
        out.endRow();
    }

    /**
     * A record PostgreSQL refused for its content, kept as text in bad_payload: the same row with {@code payload} null,
     * and its text (and partition key) made storable by {@link #lenientText}.
     */
    static void writeAsText(CsvCopyEncoder out, software.amazon.awssdk.services.kinesis.model.Record r, String shardId,
                            String refreshTime) {
        metadata(out, r, r.partitionKey().replace("\u0000", ""), shardId, refreshTime);
        out.nullField();
        out.separator();
        out.text(lenientText(r.data().asByteArrayUnsafe()));
        out.endRow();
    }

    private static void metadata(CsvCopyEncoder out, software.amazon.awssdk.services.kinesis.model.Record r, String partitionKey,
                                 String shardId, String refreshTime) {
        out.ascii(RefreshClock.format(r.approximateArrivalTimestamp()));
        out.separator();
        out.text(partitionKey);
        out.separator();
        out.text(shardId);
        out.separator();
        out.text(r.sequenceNumber());
        out.separator();
        out.ascii(refreshTime);
        out.separator();
    }

    static boolean isJsonObjectOrArray(byte[] data) {
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), data)) {
            if (p.nextToken() == null) return false;
            p.skipChildren();
            return p.nextToken() == null;
        } catch (JacksonException e) {
            return false;
        }
    }

    /** Text for bad_payload: invalid UTF-8 becomes U+FFFD and NUL (which PostgreSQL text cannot hold) is removed. */
    static String lenientText(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(data)).toString().replace("\u0000", "");
        } catch (CharacterCodingException e) {
            return "";
        }
    }
}
