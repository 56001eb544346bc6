package org.peng4nn.events.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Old and new releases on one topic, on the wire, for every event and every shipped version in
 * {@code avro-history}: records written with version N are read by the current generated classes
 * (and by the current schema, field by field), and records written by the current code are read by
 * every older reader schema. {@link SchemaHistoryTest} checks the same pairs schema against schema;
 * this test sends bytes, so that a change the schema check lets through but the codec does not
 * (a logical type, a union branch order, an enum default) still fails here.
 * <p>
 * Values are random but reproducible ({@link #SEED}); {@link #RECORDS_PER_PAIR} per writer-reader pair.
 */
class ShippedVersionsInteropTest {

    /** Fixed, so a failure is reproducible; the record index is in the assertion message. */
    private static final long SEED = 20261202L;
    private static final int RECORDS_PER_PAIR = 200;
    private static final String TOPIC = "peng4nn.interop";

    static Stream<Arguments> shippedVersions() {
        EventSchemaStore shipped = EventSchemaStore.shipped();
        return EventSchemaStore.CURRENT_SCHEMAS.stream()
                .flatMap(current -> shipped.versions(current.getName()).stream()
                        .map(version -> Arguments.of(current.getName() + " v" + version.version(), version, current)));
    }

    @ParameterizedTest(name = "{0} -> current")
    @MethodSource("shippedVersions")
    void theCurrentCodeReadsEveryRecordAnOlderOrEqualVersionWrote(String label, SchemaVersion writer, Schema current) {
        SingleObjectCodec<GenericRecord> oldWriter = SingleObjectCodec.generic(writer.schema(), EventSchemaStore.shipped());
        SingleObjectCodec<GenericRecord> currentReader = SingleObjectCodec.generic(current, EventSchemaStore.shipped());
        AvroSerde<? extends SpecificRecord> generated = AvroSerde.of(generatedClass(current));

        int index = 0;
        for (Object datum : new RandomData(writer.schema(), RECORDS_PER_PAIR, SEED)) {
            GenericRecord written = (GenericRecord) datum;
            byte[] bytes = oldWriter.encode(written);

            assertSameFields(written, currentReader.decode(bytes), label + " record " + index);
            assertThat(generated.deserialize(TOPIC, bytes)).as("%s record %d, generated class", label, index).isNotNull();
            index++;
        }
        assertThat(index).isEqualTo(RECORDS_PER_PAIR);
    }

    @ParameterizedTest(name = "current -> {0}")
    @MethodSource("shippedVersions")
    void everyOlderOrEqualVersionReadsWhatTheCurrentCodeWrote(String label, SchemaVersion reader, Schema current) {
        SingleObjectCodec<GenericRecord> currentWriter = SingleObjectCodec.generic(current, EventSchemaStore.shipped());
        SingleObjectCodec<GenericRecord> oldReader = SingleObjectCodec.generic(reader.schema(), EventSchemaStore.shipped());
        AvroSerde<? extends SpecificRecord> generated = AvroSerde.of(generatedClass(current));

        int index = 0;
        for (Object datum : new RandomData(current, RECORDS_PER_PAIR, SEED + 1)) {
            GenericRecord written = (GenericRecord) datum;
            byte[] bytes = currentWriter.encode(written);
            // what a release sends: the generated class's own encoding (map order may differ, so not the same bytes)
            byte[] sent = generated.serialize(TOPIC, cast(generated.deserialize(TOPIC, bytes)));

            assertSameFields(written, oldReader.decode(bytes), label + " record " + index);
            assertSameFields(written, oldReader.decode(sent), label + " record " + index + " sent by the generated class");
            index++;
        }
        assertThat(index).isEqualTo(RECORDS_PER_PAIR);
    }

    /** Fields both schemas have carry the written value; fields only the reader has carry its default. */
    private static void assertSameFields(GenericRecord written, GenericRecord read, String what) {
        for (Schema.Field field : read.getSchema().getFields()) {
            Object expected = written.getSchema().getField(field.name()) != null
                    ? written.get(field.name())
                    : GenericData.get().getDefaultValue(field);
            assertThat(normalise(read.get(field.name()))).as("%s: %s", what, field.name()).isEqualTo(normalise(expected));
        }
    }

    /** Avro hands out Utf8, hash maps and enum symbols: compare by content, not representation. */
    private static Object normalise(Object value) {
        if (value instanceof CharSequence || value instanceof GenericEnumSymbol<?>) {
            return value.toString();
        }
        if (value instanceof ByteBuffer buffer) {
            return HexFormat.of().formatHex(buffer.duplicate().array());
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(k.toString(), normalise(v)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(normalise(v)));
            return out;
        }
        if (value instanceof GenericRecord record) {
            Map<String, Object> fields = new TreeMap<>();
            record.getSchema().getFields().forEach(f -> fields.put(f.name(), normalise(record.get(f.name()))));
            return fields;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends SpecificRecord> generatedClass(Schema current) {
        return (Class<? extends SpecificRecord>) SpecificData.get().getClass(current);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
