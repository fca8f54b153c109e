package dev.clickstream.benchmark.locust;

import com.github.myzhan.locust4j.message.Message;
import com.github.myzhan.locust4j.rpc.Client;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A locust4j {@link Client} that speaks Locust's 2.x worker protocol, so locust4j 1.0.14's runner and tasks work
 * under a Locust 2.x master. locust4j speaks the 1.x protocol, and the differences are all in message payloads, so
 * this transport translates them at the wire:
 * <ul>
 *   <li>out {@code client_ready}: 2.x wants the worker's Locust version as data (1.x sent none, and a 2.x master
 *       refuses that as a "pre 2.0 worker");</li>
 *   <li>in {@code ack}: 2.x acknowledges a ready worker; 1.x had no such message, so it is consumed here;</li>
 *   <li>in {@code spawn}: 2.x sends the users per class ({@code user_classes_count}); 1.x runners want
 *       {@code num_users} and {@code spawn_rate}. The master does the ramping in 2.x, so each spawn message is applied
 *       at once;</li>
 *   <li>out {@code spawning_complete} and {@code stats}: 2.x masters read {@code user_classes_count} (and
 *       {@code user_count}); all users count under the one user class the locustfile declares;</li>
 *   <li>out {@code heartbeat}: {@code current_memory_usage} is added, as 2.x workers report it.</li>
 * </ul>
 * Framing is unchanged: one ZeroMQ DEALER socket whose identity is the node id, msgpack-encoded
 * {@code [type, data, node_id]}.
 */
public final class Locust2Transport implements Client {
    private final ZContext context = new ZContext();
    private final ZMQ.Socket socket;
    private final String nodeId;
    private final String version;
    private final String userClass;
    private volatile int users;

    public Locust2Transport(String host, int port, String nodeId, String version, String userClass) {
        this.nodeId = nodeId;
        this.version = version;
        this.userClass = userClass;
        this.socket = context.createSocket(SocketType.DEALER);
        socket.setIdentity(nodeId.getBytes(StandardCharsets.UTF_8));
        socket.setLinger(1000);
        socket.connect("tcp://" + host + ":" + port);
    }

    @Override
    public Message recv() throws IOException {
        while (true) {
            byte[] frame = socket.recv();
            if (frame == null) throw new IOException("ZeroMQ receive failed");
            try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(frame)) {
                List<Value> parts = unpacker.unpackValue().asArrayValue().list();
                String type = parts.get(0).asStringValue().asString();
                Object data = plain(parts.get(1));
                String node = parts.get(2).isNilValue() ? null : parts.get(2).asStringValue().asString();
                switch (type) {
                    case "ack":
                        continue; // the 1.x runner has no use for it
                    case "spawn":
                        return new Message(type, spawn(asMap(data)), node);
                    default:
                        return new Message(type, data instanceof Map ? asMap(data) : null, node);
                }
            }
        }
    }

    private Map<String, Object> spawn(Map<String, Object> data) {
        int total = 0;
        Object counts = data.get("user_classes_count");
        if (counts instanceof Map<?, ?> m) {
            for (Object v : m.values()) total += ((Number) v).intValue();
        }
        users = total;
        Map<String, Object> legacy = new HashMap<>();
        legacy.put("num_users", total);
        legacy.put("spawn_rate", (double) Math.max(1, total));
        if (data.get("host") != null) legacy.put("host", data.get("host"));
        return legacy;
    }

    @Override
    public void send(Message message) throws IOException {
        if (message.getType().equals("client_ready")) {
            try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
                p.packArrayHeader(3).packString("client_ready").packString(version).packString(nodeId);
                socket.send(p.toByteArray());
            }
            return;
        }
        Map<String, Object> data = message.getData() == null ? null : new LinkedHashMap<>(message.getData());
        switch (message.getType()) {
            case "spawning_complete" -> {
                int count = data != null && data.get("count") instanceof Number n ? n.intValue() : users;
                data = new LinkedHashMap<>();
                data.put("user_classes_count", Map.of(userClass, count));
                data.put("user_count", count);
            }
            case "stats" -> {
                int count = data.get("user_count") instanceof Number n ? n.intValue() : users;
                data.put("user_count", count);
                data.put("user_classes_count", Map.of(userClass, count));
            }
            case "heartbeat" -> data.put("current_memory_usage", Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
            default -> { }
        }
        socket.send(new Message(message.getType(), data, nodeId).getBytes());
    }

    @Override
    public void close() {
        context.close();
    }

    private static Object plain(Value v) {
        switch (v.getValueType()) {
            case NIL: return null;
            case BOOLEAN: return v.asBooleanValue().getBoolean();
            case INTEGER: return v.asIntegerValue().toLong();
            case FLOAT: return v.asFloatValue().toDouble();
            case STRING: return v.asStringValue().asString();
            case BINARY: return v.asBinaryValue().asByteArray();
            case ARRAY: {
                List<Object> list = new ArrayList<>();
                for (Value item : v.asArrayValue()) list.add(plain(item));
                return list;
            }
            case MAP: {
                Map<String, Object> map = new LinkedHashMap<>();
                v.asMapValue().map().forEach((k, val) -> map.put(String.valueOf(plain(k)), plain(val)));
                return map;
            }
            default: return v.toString();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object data) {
        return data instanceof Map ? (Map<String, Object>) data : new HashMap<>();
    }
}
