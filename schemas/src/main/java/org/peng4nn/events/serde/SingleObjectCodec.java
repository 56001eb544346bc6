package org.peng4nn.events.serde;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding of one record type: {@code 0xC3 0x01}, the writer schema's 8-byte
 * CRC-64-AVRO fingerprint (little endian), then the Avro binary payload. Decoding resolves the
 * writer's schema, found by fingerprint in a {@link SchemaStore}, against this codec's schema, so old
 * and new writers and readers interoperate as Avro's schema resolution rules allow.
 * <p>
 * Every decoding failure surfaces as an {@link UndecodableRecordException} with a
 * {@link DecodeFailure}: bytes on a topic are untrusted input. Thread-safe.
 *
 * @param <T> the datum type: a generated {@link SpecificRecord} or a {@link GenericRecord}
 */
public final class SingleObjectCodec<T> {

    private static final int HEADER_LENGTH = 10;
    private static final byte MAGIC_0 = (byte) 0xC3;
    private static final byte MAGIC_1 = (byte) 0x01;

    private final Schema schema;
    private final long fingerprint;
    private final SchemaStore store;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    // filled only when a decode fails, to tell a broken evolution from broken bytes
    private final Map<Long, SchemaCompatibility.SchemaPairCompatibility> compatibilityByWriter =
            new ConcurrentHashMap<>();

    private SingleObjectCodec(GenericData model, Schema schema, SchemaStore store) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.store = Objects.requireNonNull(store, "store");
        this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, store);
    }

    /** A codec for a generated event class, with the class's own data model (logical type conversions). */
    public static <T extends SpecificRecord> SingleObjectCodec<T> specific(Class<T> type, SchemaStore store) {
        SpecificData model = SpecificData.getForClass(type);
        return new SingleObjectCodec<>(model, model.getSchema(type), store);
    }

    /** A codec that reads and writes {@link GenericRecord}s of {@code schema}; for tools and tests. */
    public static SingleObjectCodec<GenericRecord> generic(Schema schema, SchemaStore store) {
        return new SingleObjectCodec<>(GenericData.get(), schema, store);
    }

    /** The schema this codec writes with and resolves every writer's schema to. */
    public Schema schema() {
        return schema;
    }

    public long fingerprint() {
        return fingerprint;
    }

    /**
     * Encodes a datum.
     *
     * @throws org.apache.avro.AvroRuntimeException or {@link NullPointerException} when the datum does not
     *                                             fit the schema, e.g. a required field is null
     */
    public byte[] encode(T datum) {
        Objects.requireNonNull(datum, "datum");
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try {
            encoder.encode(datum, out);
        } catch (IOException e) {
            // a ByteArrayOutputStream does not fail; Avro's signature says it might
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Decodes single-object encoded bytes.
     *
     * @throws UndecodableRecordException when the bytes are not a record this codec can read
     */
    public T decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        T datum;
        try {
            datum = decoder.decode(in, null);
        } catch (BadHeaderException e) {
            throw new UndecodableRecordException(DecodeFailure.BAD_HEADER, badHeader(bytes), e);
        } catch (MissingSchemaException e) {
            throw new UndecodableRecordException(DecodeFailure.UNKNOWN_SCHEMA, "no schema with fingerprint "
                    + SchemaVersion.hex(writerFingerprint(bytes)) + " in the schema history of "
                    + schema.getName(), e);
        } catch (IOException | RuntimeException e) {
            // truncated data, impossible lengths, union or enum indexes out of range, resolution errors...
            throw payloadFailure(bytes, e);
        }
        if (in.available() > 0) {
            throw new UndecodableRecordException(DecodeFailure.MALFORMED_PAYLOAD, in.available()
                    + " stray bytes after a complete " + schema.getName() + " payload", null);
        }
        return datum;
    }

    private UndecodableRecordException payloadFailure(byte[] bytes, Exception e) {
        if (bytes.length < HEADER_LENGTH) {
            return new UndecodableRecordException(DecodeFailure.BAD_HEADER, badHeader(bytes), e);
        }
        long writer = writerFingerprint(bytes);
        if (isResolutionError(e)) {
            SchemaCompatibility.SchemaPairCompatibility compatibility = compatibilityWith(writer);
            if (compatibility != null
                    && compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                return new UndecodableRecordException(DecodeFailure.INCOMPATIBLE_SCHEMA,
                        "writer schema " + compatibility.getWriter().getFullName() + " "
                                + SchemaVersion.hex(writer) + " cannot be read as " + schema.getFullName() + ": "
                                + incompatibilities(compatibility) + " (" + e.getMessage() + ")", e);
            }
        }
        return new UndecodableRecordException(DecodeFailure.MALFORMED_PAYLOAD, "cannot decode " + schema.getName()
                + " payload written with schema " + SchemaVersion.hex(writer) + ": " + rootCause(e), e);
    }

    // Avro wraps the telling exception (EOFException, "Malformed data"...) in "Decoding datum failed"
    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static boolean isResolutionError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AvroTypeException) {
                return true;
            }
        }
        return false;
    }

    private SchemaCompatibility.SchemaPairCompatibility compatibilityWith(long writerFingerprint) {
        Schema writer = writerFingerprint == fingerprint ? schema : store.findByFingerprint(writerFingerprint);
        if (writer == null) {
            return null;
        }
        return compatibilityByWriter.computeIfAbsent(writerFingerprint,
                fp -> SchemaCompatibility.checkReaderWriterCompatibility(schema, writer));
    }

    private static String incompatibilities(SchemaCompatibility.SchemaPairCompatibility compatibility) {
        return compatibility.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                .collect(Collectors.joining("; "));
    }

    private static String badHeader(byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1)) {
            return String.format("expected single-object marker 0xC3 0x01, found 0x%02X 0x%02X", bytes[0], bytes[1]);
        }
        return "only " + bytes.length + " bytes, a single-object header takes " + HEADER_LENGTH;
    }

    /** The fingerprint in a header known to be complete. */
    private static long writerFingerprint(byte[] bytes) {
        return ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
