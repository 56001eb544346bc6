package org.peng4nn.predictor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.peng4nn.engine.policy.ModelStateCodec;

/**
 * {@link ModelRecord} to bytes for the state store and its changelog. Versioned like
 * {@link ModelStateCodec}, which encodes the nested policy state:
 * <pre>
 * byte version = 1; UTF searchId, modelId; int run, maxEpochs; UTF policy; byte status ordinal;
 * int ignored; long firstSeenMs, lastUpdateMs; int n; n bytes of ModelStateCodec
 * </pre>
 */
public final class ModelRecordCodec {

    public static final byte VERSION = 1;

    private ModelRecordCodec() {
    }

    public static Serde<ModelRecord> serde() {
        Serializer<ModelRecord> serializer = (topic, record) -> record == null ? null : encode(record);
        Deserializer<ModelRecord> deserializer = (topic, bytes) -> bytes == null ? null : decode(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    public static byte[] encode(ModelRecord record) {
        byte[] state = ModelStateCodec.encode(record.state());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + state.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
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
            out.writeInt(state.length);
            out.write(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static ModelRecord decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown model record version " + version);
            }
            String searchId = in.readUTF();
            String modelId = in.readUTF();
            int run = in.readInt();
            int maxEpochs = in.readInt();
            String policy = in.readUTF();
            ModelStatus status = ModelStatus.values()[in.readByte()];
            int ignored = in.readInt();
            long firstSeen = in.readLong();
            long lastUpdate = in.readLong();
            byte[] state = in.readNBytes(in.readInt());
            return new ModelRecord(searchId, modelId, run, maxEpochs, policy, status, ModelStateCodec.decode(state),
                    ignored, firstSeen, lastUpdate);
        } catch (IOException e) {
            throw new UncheckedIOException("truncated model record", e);
        }
    }
}
