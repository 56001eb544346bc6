package org.peng4nn.predictor;

import java.util.Map;
import java.util.TreeMap;
import org.peng4nn.engine.policy.FinishedFitness;
import org.peng4nn.engine.population.Population;
import org.peng4nn.engine.population.SearchState;

/**
 * The searches store's records as bytes (the store and its changelog; {@link SearchStore} lays them out).
 *
 * <p>Version 2, since 2026-12-02: a search is a small head under its search_id and one record per finished model,
 * so that a model that starts or finishes writes a few bytes (the head, and the finished model's record) instead of
 * the whole search:
 * <pre>
 * head:     byte version = 2; byte 'H'; int started; int capacity; int next (the next finished record's number)
 * finished: byte version = 2; byte 'F'; byte parts (1: a fitness, 2: a curve); [double fitness];
 *           [int length; length doubles, the full-budget curve that joined the population of its budget]
 * </pre>
 * Version 1 (before): the whole {@link SearchState} in one record under the search_id, rewritten at every model
 * start and finish (a search of 500 kept 50-epoch curves is about 200 KB):
 * <pre>
 * byte version = 1; int started; int capacity; int f; f doubles of finished fitness;
 * int p; p times { int length; int n; n * length doubles, oldest curve first }
 * </pre>
 * Version 1 records are still read ({@link #decode}); {@link SearchStore} rewrites one as version 2 when it first
 * loads it.
 */
public final class SearchStateCodec {

    /** The version of a whole-search record (version 1). */
    public static final byte VERSION = 1;
    /** The version of heads and finished-model records. */
    public static final byte SPLIT_VERSION = 2;
    private static final byte HEAD = 'H';
    private static final byte FINISHED = 'F';
    private static final int HAS_FITNESS = 1;
    private static final int HAS_CURVE = 2;

    /** A search's head record: what changes when a model starts. */
    public record Head(int started, int capacity, int next) {
    }

    /**
     * One finished model's contribution: its fitness (NaN: none, it was not finite) and the full-budget curve that
     * joined its budget's population (null: none, or it left the population since).
     */
    public record Finished(double fitness, double[] curve) {
        public boolean hasFitness() {
            return !Double.isNaN(fitness);
        }
    }

    /** The version byte of a stored record: {@link #VERSION} or {@link #SPLIT_VERSION}. */
    public static int version(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty search record");
        }
        return bytes[0];
    }

    public static byte[] encodeHead(Head head) {
        StateBytes.Writer out = new StateBytes.Writer(14);
        out.writeByte(SPLIT_VERSION);
        out.writeByte(HEAD);
        out.writeInt(head.started());
        out.writeInt(head.capacity());
        out.writeInt(head.next());
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a head this codec wrote */
    public static Head decodeHead(byte[] bytes) {
        StateBytes.Reader in = splitRecord(bytes, HEAD, "search head");
        Head head = new Head(in.readInt(), in.readInt(), in.readInt());
        if (head.started() < 0 || head.capacity() < 0 || head.next() < 0) {
            throw new IllegalArgumentException("search head with a negative count: " + head);
        }
        noTrailing(in, "search head");
        return head;
    }

    public static byte[] encodeFinished(Finished finished) {
        double[] curve = finished.curve();
        StateBytes.Writer out = new StateBytes.Writer(16 + (curve == null ? 0 : 4 + 8 * curve.length));
        out.writeByte(SPLIT_VERSION);
        out.writeByte(FINISHED);
        out.writeByte((finished.hasFitness() ? HAS_FITNESS : 0) | (curve == null ? 0 : HAS_CURVE));
        if (finished.hasFitness()) {
            out.writeDouble(finished.fitness());
        }
        if (curve != null) {
            out.writeInt(curve.length);
            for (double v : curve) {
                out.writeDouble(v);
            }
        }
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a finished model's record this codec wrote */
    public static Finished decodeFinished(byte[] bytes) {
        StateBytes.Reader in = splitRecord(bytes, FINISHED, "finished model");
        int parts = in.readByte();
        if ((parts & ~(HAS_FITNESS | HAS_CURVE)) != 0) {
            throw new IllegalArgumentException("finished model record with unknown parts " + parts);
        }
        double fitness = (parts & HAS_FITNESS) != 0 ? in.readDouble() : Double.NaN;
        double[] curve = null;
        if ((parts & HAS_CURVE) != 0) {
            curve = new double[count(in, "evaluations")];
            for (int i = 0; i < curve.length; i++) {
                curve[i] = in.readDouble();
            }
        }
        noTrailing(in, "finished model");
        return new Finished(fitness, curve);
    }

    private static StateBytes.Reader splitRecord(byte[] bytes, byte kind, String what) {
        StateBytes.Reader in = new StateBytes.Reader(bytes, what);
        byte version = in.readByte();
        if (version != SPLIT_VERSION) {
            throw new IllegalArgumentException("unknown " + what + " version " + version);
        }
        byte actual = in.readByte();
        if (actual != kind) {
            throw new IllegalArgumentException("expected a " + what + " record ('" + (char) kind + "'), got kind "
                    + actual);
        }
        return in;
    }

    private static void noTrailing(StateBytes.Reader in, String what) {
        if (in.remaining() > 0) {
            throw new IllegalArgumentException(what + " has " + in.remaining() + " unexpected trailing bytes");
        }
    }

    private SearchStateCodec() {
    }

    /** A whole search as a version 1 record (no longer written by the predictor; for tests of reading old stores). */
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

    /** A version 1 record. @throws IllegalArgumentException when the bytes are not a search state this codec wrote */
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
