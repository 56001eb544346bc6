package org.peng4nn.predictor;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link ModelRecord} to bytes for the state store and its changelog. Versioned like
 * {@link ModelStateCodec}, which encodes the nested policy state:
 * <pre>
 * byte version = 2; UTF searchId, modelId; int run, maxEpochs; UTF policy; byte status ordinal;
 * int ignored; long firstSeenMs, lastUpdateMs; int n; n bytes of ModelStateCodec; int ordinal
 * </pre>
 * Version 1, written by earlier builds, lacks the trailing ordinal and still decodes (with
 * {@link ModelRecord#NO_ORDINAL}), so a changelog written then restores.
 */
public final class ModelRecordCodec {

    public static final byte VERSION = 2;
    private static final byte WITHOUT_ORDINAL = 1;

    private ModelRecordCodec() {
    }

    public static Serde<ModelRecord> serde() {
        Serializer<ModelRecord> serializer = (topic, record) -> record == null ? null : encode(record);
        Deserializer<ModelRecord> deserializer = (topic, bytes) -> bytes == null ? null : decode(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    public static byte[] encode(ModelRecord record) {
        StateBytes.Writer out = new StateBytes.Writer(128 + 16 * record.state().curve().size()
                + 64 * record.state().history().size());
        out.writeByte(VERSION);
        out.writeUTF(record.searchId());
        out.writeUTF(record.modelId());
        out.writeInt(record.run());
        out.writeInt(record.maxEpochs());
        out.writeUTF(record.policy());
        out.writeByte(record.status().ordinal());
        out.writeInt(record.ignored());
        out.writeLong(record.firstSeenMs());
        out.writeLong(record.lastUpdateMs());
        int length = out.reserveInt();
        ModelStateCodec.encode(record.state(), out);
        out.setInt(length, out.size() - length - 4);
        out.writeInt(record.ordinal());
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a record this codec wrote */
    public static ModelRecord decode(byte[] bytes) {
        StateBytes.Reader in = new StateBytes.Reader(bytes, "model record");
        byte version = in.readByte();
        if (version != VERSION && version != WITHOUT_ORDINAL) {
            throw new IllegalArgumentException("unknown model record version " + version);
        }
        String searchId = in.readUTF();
        String modelId = in.readUTF();
        int run = in.readInt();
        int maxEpochs = in.readInt();
        String policy = in.readUTF();
        int status = in.readUnsignedByte();
        if (status >= ModelStatus.values().length) {
            throw new IllegalArgumentException("unknown model status code " + status);
        }
        int ignored = in.readInt();
        long firstSeen = in.readLong();
        long lastUpdate = in.readLong();
        StateBytes.Reader state = in.slice(in.readInt(), "model state");
        int ordinal = version == WITHOUT_ORDINAL ? ModelRecord.NO_ORDINAL : in.readInt();
        if (in.remaining() > 0) {
            throw new IllegalArgumentException("model record has " + in.remaining() + " unexpected trailing bytes");
        }
        return new ModelRecord(searchId, modelId, run, ordinal, maxEpochs, policy, ModelStatus.values()[status],
                ModelStateCodec.decode(state), ignored, firstSeen, lastUpdate);
    }
}
