package org.peng4nn.predictor;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.peng4nn.engine.policy.FinishedFitness;
import org.peng4nn.engine.population.Population;
import org.peng4nn.engine.population.SearchState;

/**
 * {@link SearchState} to bytes for the searches store and its changelog:
 * <pre>
 * byte version = 1; int started; int capacity; int f; f doubles of finished fitness;
 * int p; p times { int length; int n; n * length doubles, oldest curve first }
 * </pre>
 * A search of 500 kept 50-epoch curves is about 200 KB; it is written once per finished model.
 */
public final class SearchStateCodec {

    public static final byte VERSION = 1;

    private SearchStateCodec() {
    }

    public static Serde<SearchState> serde() {
        Serializer<SearchState> serializer = (topic, state) -> state == null ? null : encode(state);
        Deserializer<SearchState> deserializer = (topic, bytes) -> bytes == null ? null : decode(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    public static byte[] encode(SearchState state) {
        int doubles = state.finished().size();
        for (Population p : state.populations().values()) {
            doubles += p.size() * p.length();
        }
        StateBytes.Writer out = new StateBytes.Writer(32 + 8 * doubles + 8 * state.populations().size());
        out.writeByte(VERSION);
        out.writeInt(state.started());
        out.writeInt(state.capacity());
        double[] finished = state.finished().values();
        out.writeInt(finished.length);
        for (double f : finished) {
            out.writeDouble(f);
        }
        out.writeInt(state.populations().size());
        for (Population p : state.populations().values()) {
            out.writeInt(p.length());
            out.writeInt(p.size());
            for (double[] curve : p.curves()) {
                for (double v : curve) {
                    out.writeDouble(v);
                }
            }
        }
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a search state this codec wrote */
    public static SearchState decode(byte[] bytes) {
        StateBytes.Reader in = new StateBytes.Reader(bytes, "search state");
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown search state version " + version);
        }
        int started = in.readInt();
        int capacity = in.readInt();
        double[] finished = new double[count(in, "finished models")];
        for (int i = 0; i < finished.length; i++) {
            finished[i] = in.readDouble();
        }
        Map<Integer, Population> populations = new TreeMap<>();
        int budgets = count(in, "budgets");
        for (int b = 0; b < budgets; b++) {
            int length = in.readInt();
            int curves = count(in, "curves");
            Population population = Population.empty(length, Math.max(2, capacity));
            for (int c = 0; c < curves; c++) {
                double[] curve = new double[length];
                for (int i = 0; i < length; i++) {
                    curve[i] = in.readDouble();
                }
                population = population.with(curve);
            }
            populations.put(length, population);
        }
        if (in.remaining() > 0) {
            throw new IllegalArgumentException("search state has " + in.remaining() + " unexpected trailing bytes");
        }
        return new SearchState(started, FinishedFitness.of(finished), populations, capacity);
    }

    // a damaged count must fail as damage, not as a huge allocation
    private static int count(StateBytes.Reader in, String what) {
        int n = in.readInt();
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("search state claims " + n + " " + what + " in " + in.remaining()
                    + " remaining bytes");
        }
        return n;
    }
}
