package org.peng4nn.cli.topics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.peng4nn.events.serde.UndecodableRecordException;
import org.peng4nn.predictor.DeadLetterHeaders;

/**
 * One record of a project topic as one JSON object (a line of {@code ./peng4nn tail}): where it sits on the topic,
 * its key, and its event field by field under the schema's own snake_case names. Every line starts with
 * {@code topic, partition, offset, timestamp, key}; then {@code value} for an event, {@code error} and {@code detail}
 * for bytes that are no event, or the dead letter's {@code reason}, {@code source}, {@code headers} and raw value.
 */
public final class RecordJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RecordJson() {
    }

    /** A decoded event; {@code value} is null for a tombstone of the compacted results topic. */
    public static ObjectNode event(ConsumerRecord<byte[], byte[]> record, IndexedRecord value) {
        ObjectNode line = position(record);
        line.set("value", value == null ? JSON.nullNode() : avro(value));
        return line;
    }

    /** Bytes that are no event of the topic: the failure kind ({@code BAD_HEADER}...) and what exactly was wrong. */
    public static ObjectNode error(ConsumerRecord<byte[], byte[]> record, UndecodableRecordException failure) {
        ObjectNode line = position(record);
        line.put("error", failure.failure().name());
        line.put("detail", failure.detail());
        line.put("value_size", record.value() == null ? 0 : record.value().length);
        return line;
    }

    /**
     * A record of the dead-letter topic: the predictor's reason and the record's source, every header as text, and
     * the value as it came in (size and base64), with the event it holds when it decodes as one ({@code value}:
     * an event that failed a check) or why not ({@code value_error}).
     *
     * @param decoded the value decoded as an event of the source topic, or null
     * @param failure why it did not decode, or null (when decoded, or when the source topic is not a project topic)
     */
    public static ObjectNode deadLetter(ConsumerRecord<byte[], byte[]> record, IndexedRecord decoded,
            UndecodableRecordException failure) {
        ObjectNode line = position(record);
        line.put("reason", header(record, DeadLetterHeaders.REASON));
        ObjectNode source = line.putObject("source");
        source.put("topic", header(record, DeadLetterHeaders.SOURCE_TOPIC));
        putNumber(source, "partition", header(record, DeadLetterHeaders.SOURCE_PARTITION));
        putNumber(source, "offset", header(record, DeadLetterHeaders.SOURCE_OFFSET));
        ObjectNode headers = line.putObject("headers");
        for (Header h : record.headers()) {
            headers.put(h.key(), text(h.value()));
        }
        byte[] value = record.value();
        line.put("value_size", value == null ? 0 : value.length);
        line.put("value_base64", value == null ? null : Base64.getEncoder().encodeToString(value));
        if (decoded != null) {
            line.set("value", avro(decoded));
        } else if (failure != null) {
            line.put("value_error", failure.failure() + ": " + failure.detail());
        }
        return line;
    }

    /** The last value of header {@code name} as text, or null when the record has none. */
    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : text(h.value());
    }

    private static ObjectNode position(ConsumerRecord<byte[], byte[]> record) {
        ObjectNode line = JSON.objectNode();
        line.put("topic", record.topic());
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        line.put("timestamp", record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp()).toString());
        line.put("key", record.key() == null ? null : text(record.key()));
        return line;
    }

    /** Keys and headers are UTF-8 text by contract; bytes that are not show as base64, so no line is ever lost. */
    private static String text(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return "base64:" + Base64.getEncoder().encodeToString(bytes);
        }
    }

    /** A partition or offset header is a number; anything else (empty when the source was unknown) stays text. */
    private static void putNumber(ObjectNode object, String field, String value) {
        try {
            object.put(field, Long.parseLong(value));
        } catch (NumberFormatException e) {
            object.put(field, value);
        }
    }

    /** An Avro record field by field, in schema order, under the schema's names. */
    static ObjectNode avro(IndexedRecord record) {
        ObjectNode object = JSON.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            object.set(field.name(), value(record.get(field.pos())));
        }
        return object;
    }

    /**
     * One Avro value. Timestamps (java.time.Instant in the generated classes) as ISO-8601 text; enums by symbol; a
     * number JSON cannot hold (NaN, an infinity: a broken producer's, which tail exists to show) as its Java text.
     */
    static JsonNode value(Object value) {
        if (value == null) {
            return JSON.nullNode();
        }
        if (value instanceof CharSequence || value instanceof Enum<?> || value instanceof Instant) {
            return JSON.textNode(value.toString());
        }
        if (value instanceof Double d) {
            return Double.isFinite(d) ? JSON.numberNode(d) : JSON.textNode(d.toString());
        }
        if (value instanceof Float f) {
            return Float.isFinite(f) ? JSON.numberNode(f) : JSON.textNode(f.toString());
        }
        if (value instanceof Integer i) {
            return JSON.numberNode(i);
        }
        if (value instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (value instanceof IndexedRecord nested) {
            return avro(nested);
        }
        if (value instanceof Map<?, ?> map) {
            // sorted: Avro hands maps out in hash order, and two lines of one event should read alike
            ObjectNode object = JSON.objectNode();
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            sorted.forEach((k, v) -> object.set(k, value(v)));
            return object;
        }
        if (value instanceof Collection<?> items) {
            ArrayNode array = JSON.arrayNode();
            items.forEach(item -> array.add(value(item)));
            return array;
        }
        if (value instanceof ByteBuffer bytes) {
            ByteBuffer copy = bytes.duplicate();
            byte[] raw = new byte[copy.remaining()];
            copy.get(raw);
            return JSON.textNode(Base64.getEncoder().encodeToString(raw));
        }
        if (value instanceof GenericFixed fixed) {
            return JSON.textNode(Base64.getEncoder().encodeToString(fixed.bytes()));
        }
        // Avro has no other kinds; a symbol of GenericData (GenericEnumSymbol) prints its name
        return JSON.textNode(value.toString());
    }
}
