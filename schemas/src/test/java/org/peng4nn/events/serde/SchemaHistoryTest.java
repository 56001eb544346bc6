package org.peng4nn.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards the schema history: whoever changes an event schema has to freeze the change as a new
 * version, and every version must stay readable by every other (full transitive compatibility), so
 * that trainers, predictor and dashboards can be upgraded in any order.
 */
class SchemaHistoryTest {

    static Stream<Schema> currentSchemas() {
        return EventSchemaStore.CURRENT_SCHEMAS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void theCurrentSchemaIsTheLatestShippedVersion(Schema current) {
        List<SchemaVersion> versions = EventSchemaStore.shipped().versions(current.getName());

        assertThat(versions).as("history of %s", current.getName()).isNotEmpty();
        SchemaVersion latest = versions.get(versions.size() - 1);
        assertThat(latest.fingerprint())
                .as("src/main/avro/%s.avsc changed: freeze it as avro-history/%s-v%d.avsc (see schemas/README.md)",
                        current.getName(), current.getName(), latest.version() + 1)
                .isEqualTo(SchemaNormalization.parsingFingerprint64(current));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void everyShippedVersionReadsEveryOther(Schema current) {
        List<SchemaVersion> versions = EventSchemaStore.shipped().versions(current.getName());
        for (SchemaVersion reader : versions) {
            for (SchemaVersion writer : versions) {
                assertThat(SchemaCompatibility.checkReaderWriterCompatibility(reader.schema(), writer.schema())
                        .getType())
                        .as("%s v%d reading v%d", current.getName(), reader.version(), writer.version())
                        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void followsTheHouseRules(Schema current) {
        assertThat(current.getNamespace()).isEqualTo("org.peng4nn.events");
        assertThat(current.getDoc()).isNotBlank();
        for (Schema.Field field : current.getFields()) {
            String name = current.getName() + "." + field.name();
            assertThat(field.name()).as(name).matches("[a-z][a-z0-9_]*");
            assertThat(field.doc()).as("doc of %s", name).isNotBlank();
            Schema type = field.schema();
            if (type.isUnion()) {
                // the only evolvable way to add a field later: null first, default null
                assertThat(type.getTypes().get(0).getType()).as("first branch of %s", name).isEqualTo(Schema.Type.NULL);
                assertThat(field.hasDefaultValue()).as("default of %s", name).isTrue();
                assertThat(field.defaultVal()).as("default of %s", name).isEqualTo(JsonProperties.NULL_VALUE);
            }
            if (field.name().endsWith("_at") || field.name().endsWith("_time")) {
                assertThat(type.getType()).as(name).isEqualTo(Schema.Type.LONG);
                assertThat(type.getLogicalType()).as("logical type of %s", name).isNotNull();
                assertThat(type.getLogicalType().getName()).as(name).isEqualTo("timestamp-millis");
            }
        }
    }

    @Test
    void theShippedStoreFindsEveryCurrentSchemaByFingerprint() {
        EventSchemaStore store = EventSchemaStore.shipped();

        currentSchemas().forEach(schema -> assertThat(
                store.findByFingerprint(SchemaNormalization.parsingFingerprint64(schema)))
                .as(schema.getName()).isNotNull());
        assertThat(store.findByFingerprint(42L)).isNull();
    }

    @Test
    void loadsEveryNumberedVersionOfAHistory() {
        EventSchemaStore store = EventSchemaStore.load(getClass().getClassLoader(), "evolution",
                List.of("EpochMetric"));

        assertThat(store.versions("EpochMetric")).extracting(SchemaVersion::version).containsExactly(1, 2);
        store.versions().forEach(v -> assertThat(store.findByFingerprint(v.fingerprint())).isEqualTo(v.schema()));
    }

    @Test
    void aRecordWithoutHistoryIsAConfigurationError() {
        assertThatThrownBy(() -> EventSchemaStore.load(getClass().getClassLoader(), "evolution",
                List.of("TrainingJob")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("evolution/TrainingJob-v1.avsc");
    }

    @Test
    void aHistoryFileMustDefineTheRecordItIsNamedAfter() {
        assertThatThrownBy(() -> EventSchemaStore.load(getClass().getClassLoader(), "broken-history",
                List.of("Mislabelled")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("defines org.peng4nn.events.EpochMetric");
    }
}
