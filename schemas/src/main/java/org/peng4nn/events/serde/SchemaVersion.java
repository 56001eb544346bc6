package org.peng4nn.events.serde;

import java.util.Objects;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * One shipped version of an event schema.
 *
 * @param recordName  simple name of the record, e.g. {@code EpochMetric}
 * @param version     1-based version number, as in the history file name {@code EpochMetric-v2.avsc}
 * @param schema      the schema as it was shipped
 * @param fingerprint CRC-64-AVRO fingerprint of the schema's parsing canonical form, the one written
 *                    into every single-object encoded record
 */
public record SchemaVersion(String recordName, int version, Schema schema, long fingerprint) {

    public SchemaVersion {
        Objects.requireNonNull(recordName, "recordName");
        Objects.requireNonNull(schema, "schema");
        if (version < 1) {
            throw new IllegalArgumentException("schema versions start at 1, got " + version);
        }
    }

    public static SchemaVersion of(String recordName, int version, Schema schema) {
        return new SchemaVersion(recordName, version, schema, SchemaNormalization.parsingFingerprint64(schema));
    }

    /** The fingerprint as it is usually printed: 16 hex digits. */
    public String fingerprintHex() {
        return hex(fingerprint);
    }

    static String hex(long fingerprint) {
        return String.format("0x%016x", fingerprint);
    }
}
