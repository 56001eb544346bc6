package org.peng4nn.events.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.message.SchemaStore;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.Prediction;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.TrainingJob;

/**
 * Every schema version this code base ever shipped, by fingerprint: the writer schemas a reader may
 * meet on a topic. Registry-free Avro works because the single-object header carries the writer's
 * fingerprint and this store turns it back into the writer's schema.
 * <p>
 * The versions live as resources {@code avro-history/<Record>-v<N>.avsc}, numbered from 1 without
 * gaps; the highest number is a frozen copy of the schema in {@code src/main/avro}. To change an
 * event: edit {@code src/main/avro/<Record>.avsc} following the evolution rules (new fields are
 * {@code ["null", T]} with {@code "default": null}; never remove or rename a field without a default,
 * never change a type), copy it to the next {@code -v<N>.avsc}, and run the tests:
 * {@code SchemaHistoryTest} fails when the current schema is not the latest history version or when
 * any two versions cannot read each other. See {@code schemas/README.md}.
 * <p>
 * Instances are immutable and thread-safe.
 */
public final class EventSchemaStore implements SchemaStore {

    /** Class-path folder of the schema history. */
    public static final String HISTORY_DIRECTORY = "avro-history";

    /** The current schema of every event on the bus, as generated from {@code src/main/avro}. */
    public static final List<Schema> CURRENT_SCHEMAS = List.of(
            TrainingJob.getClassSchema(),
            EpochMetric.getClassSchema(),
            StopCommand.getClassSchema(),
            Prediction.getClassSchema(),
            ModelResult.getClassSchema());

    private final Map<Long, SchemaVersion> byFingerprint;
    private final List<SchemaVersion> versions;

    private EventSchemaStore(List<SchemaVersion> versions) {
        this.versions = List.copyOf(versions);
        Map<Long, SchemaVersion> index = new LinkedHashMap<>();
        for (SchemaVersion version : this.versions) {
            // a docs-only change keeps the fingerprint: the first version with it stands for all
            index.putIfAbsent(version.fingerprint(), version);
        }
        this.byFingerprint = Map.copyOf(index);
    }

    /** The history bundled with this module, loaded once. */
    public static EventSchemaStore shipped() {
        return Shipped.STORE;
    }

    /**
     * Loads the history of the given records from {@code directory} on the class path of {@code loader}.
     *
     * @throws IllegalStateException when a record has no version 1 or a file does not parse or names
     *                               another record
     */
    public static EventSchemaStore load(ClassLoader loader, String directory, Collection<String> recordNames) {
        List<SchemaVersion> versions = new ArrayList<>();
        for (String recordName : recordNames) {
            for (int version = 1; ; version++) {
                String resource = directory + "/" + recordName + "-v" + version + ".avsc";
                Schema schema = readResource(loader, resource);
                if (schema == null) {
                    if (version == 1) {
                        throw new IllegalStateException("no schema history for " + recordName + ": " + resource
                                + " is not on the class path");
                    }
                    break;
                }
                if (!schema.getName().equals(recordName)) {
                    throw new IllegalStateException(resource + " defines " + schema.getFullName() + ", not "
                            + recordName);
                }
                versions.add(SchemaVersion.of(recordName, version, schema));
            }
        }
        return new EventSchemaStore(versions);
    }

    /** A store of exactly these versions; for tools and tests that bring their own. */
    public static EventSchemaStore of(Collection<SchemaVersion> versions) {
        return new EventSchemaStore(new ArrayList<>(versions));
    }

    /** This store plus one more writer schema, e.g. one shipped by a newer release of the writer. */
    public EventSchemaStore plus(Schema schema) {
        List<SchemaVersion> more = new ArrayList<>(versions);
        int next = (int) versions.stream().filter(v -> v.recordName().equals(schema.getName())).count() + 1;
        more.add(SchemaVersion.of(schema.getName(), next, schema));
        return new EventSchemaStore(more);
    }

    @Override
    public Schema findByFingerprint(long fingerprint) {
        SchemaVersion version = byFingerprint.get(fingerprint);
        return version == null ? null : version.schema();
    }

    /** Every version in the store, per record in version order. */
    public List<SchemaVersion> versions() {
        return versions;
    }

    /** The versions of one record, oldest first; empty when the store does not know it. */
    public List<SchemaVersion> versions(String recordName) {
        return versions.stream().filter(v -> v.recordName().equals(recordName)).toList();
    }

    private static Schema readResource(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            // one parser per file: versions of the same record define the same names
            return new Schema.Parser().parse(in);
        } catch (SchemaParseException e) {
            throw new IllegalStateException("cannot parse " + resource + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    // holder idiom: the history is parsed on first use, once, without locking afterwards
    private static final class Shipped {
        static final EventSchemaStore STORE = load(
                Objects.requireNonNullElse(EventSchemaStore.class.getClassLoader(),
                        ClassLoader.getSystemClassLoader()),
                HISTORY_DIRECTORY,
                CURRENT_SCHEMAS.stream().map(Schema::getName).toList());
    }
}
