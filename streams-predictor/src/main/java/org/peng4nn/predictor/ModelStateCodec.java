package org.peng4nn.predictor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.peng4nn.engine.curve.Curve;
import org.peng4nn.engine.policy.CurvePrediction;
import org.peng4nn.engine.policy.Decision;
import org.peng4nn.engine.policy.ModelState;

/**
 * {@link ModelState} to bytes and back, for a Kafka Streams state store. A compact, versioned
 * binary format in {@link java.io.DataOutputStream}'s layout, written by {@link StateBytes} (big-endian,
 * doubles bit-exact, so a decoded state equals the encoded one); no Java serialization, which would
 * tie the store to class internals.
 *
 * <p>Version 1 layout:
 * <pre>
 * byte     version = 1
 * double   maxEpochs, interval
 * int      points; then points × double epoch; then points × double accuracy
 * short    names; then names × UTF family name            (each family spelled once)
 * int      predictions; each: double epoch, predictedFinal, lower, upper;
 *                             short family index; byte parameters; parameters × double
 * byte     action (0 CONTINUE, 1 STOP); byte reason (0 none, 1 CONVERGED, 2 PRUNED);
 * double   atEpoch, fitness
 * short    warm starts; each: short family index; byte parameters; parameters × double
 * </pre>
 * A newer format gets a new version byte; {@link #decode} keeps reading every older one.
 */
public final class ModelStateCodec {

    public static final byte VERSION = 1;

    private ModelStateCodec() {
    }

    public static byte[] encode(ModelState state) {
        StateBytes.Writer out = new StateBytes.Writer(64 + 16 * state.curve().size() + 64 * state.history().size());
        encode(state, out);
        return out.toByteArray();
    }

    /** Appends the state's bytes to {@code out} (a record that nests the state). */
    public static void encode(ModelState state, StateBytes.Writer out) {
        out.writeByte(VERSION);
        out.writeDouble(state.maxEpochs());
        out.writeDouble(state.interval());

        Curve curve = state.curve();
        out.writeInt(curve.size());
        for (int i = 0; i < curve.size(); i++) {
            out.writeDouble(curve.epoch(i));
        }
        for (int i = 0; i < curve.size(); i++) {
            out.writeDouble(curve.accuracy(i));
        }

        // a list, not a map: a history names one to three families
        Map<String, double[]> warm = state.warmStarts();
        List<String> names = new ArrayList<>(4);
        for (CurvePrediction p : state.history()) {
            if (!names.contains(p.family())) {
                names.add(p.family());
            }
        }
        for (String f : warm.keySet()) {
            if (!names.contains(f)) {
                names.add(f);
            }
        }
        out.writeShort(checkedShort(names.size(), "family names"));
        for (String name : names) {
            out.writeUTF(name);
        }

        out.writeInt(state.history().size());
        for (CurvePrediction p : state.history()) {
            out.writeDouble(p.epoch());
            out.writeDouble(p.predictedFinal());
            out.writeDouble(p.lower());
            out.writeDouble(p.upper());
            out.writeShort(names.indexOf(p.family()));
            writeParameters(out, p.parameters());
        }

        Decision d = state.decision();
        out.writeByte(d.stopped() ? 1 : 0);
        out.writeByte(d.reason() == null ? 0 : d.reason() == Decision.Reason.CONVERGED ? 1 : 2);
        out.writeDouble(d.atEpoch());
        out.writeDouble(d.fitness());

        out.writeShort(checkedShort(warm.size(), "warm starts"));
        for (Map.Entry<String, double[]> e : warm.entrySet()) {
            out.writeShort(names.indexOf(e.getKey()));
            writeParameters(out, e.getValue());
        }
    }

    /**
     * @throws IllegalArgumentException when the bytes are not a state this codec wrote (unknown
     *                                  version, truncated, trailing bytes, invalid values)
     */
    public static ModelState decode(byte[] bytes) {
        return decode(new StateBytes.Reader(bytes, "model state"));
    }

    /** Reads a state that fills the rest of {@code in}, as {@link #decode(byte[])}. */
    public static ModelState decode(StateBytes.Reader in) {
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IllegalArgumentException("unsupported model state format version " + version
                    + " (this build reads version " + VERSION + ")");
        }
        double maxEpochs = in.readDouble();
        double interval = in.readDouble();

        int points = count(in.readInt(), 16, in, "curve points");
        double[] epochs = new double[points];
        double[] accuracies = new double[points];
        for (int i = 0; i < points; i++) {
            epochs[i] = in.readDouble();
        }
        for (int i = 0; i < points; i++) {
            accuracies[i] = in.readDouble();
        }

        int nameCount = count(in.readUnsignedShort(), 2, in, "family names");
        List<String> names = new ArrayList<>(nameCount);
        for (int i = 0; i < nameCount; i++) {
            names.add(in.readUTF());
        }

        int predictions = count(in.readInt(), 35, in, "predictions");
        List<CurvePrediction> history = new ArrayList<>(predictions);
        for (int i = 0; i < predictions; i++) {
            double epoch = in.readDouble();
            double predicted = in.readDouble();
            double lower = in.readDouble();
            double upper = in.readDouble();
            String family = name(names, in.readUnsignedShort());
            history.add(new CurvePrediction(epoch, predicted, lower, upper, family, readParameters(in)));
        }

        int action = in.readUnsignedByte();
        int reason = in.readUnsignedByte();
        double atEpoch = in.readDouble();
        double fitness = in.readDouble();
        Decision decision = switch (action) {
            case 0 -> new Decision(Decision.Action.CONTINUE, reason == 0 ? null : stopReason(reason), atEpoch,
                    fitness);
            case 1 -> Decision.stop(stopReason(reason), atEpoch, fitness);
            default -> throw new IllegalArgumentException("unknown decision action code " + action);
        };

        int warmCount = count(in.readUnsignedShort(), 3, in, "warm starts");
        Map<String, double[]> warm = new TreeMap<>();
        for (int i = 0; i < warmCount; i++) {
            warm.put(name(names, in.readUnsignedShort()), readParameters(in));
        }
        if (in.remaining() > 0) {
            throw new IllegalArgumentException("model state has " + in.remaining() + " unexpected trailing bytes");
        }
        return new ModelState(maxEpochs, interval, new Curve(epochs, accuracies), history, decision, warm);
    }

    private static void writeParameters(StateBytes.Writer out, double[] p) {
        if (p.length > 127) {
            throw new IllegalArgumentException("a curve family with " + p.length + " parameters does not fit the format");
        }
        out.writeByte(p.length);
        for (double v : p) {
            out.writeDouble(v);
        }
    }

    private static double[] readParameters(StateBytes.Reader in) {
        int n = in.readUnsignedByte();
        if (n > 127) {
            throw new IllegalArgumentException("invalid parameter count " + n);
        }
        double[] p = new double[n];
        for (int j = 0; j < n; j++) {
            p[j] = in.readDouble();
        }
        return p;
    }

    private static Decision.Reason stopReason(int code) {
        return switch (code) {
            case 1 -> Decision.Reason.CONVERGED;
            case 2 -> Decision.Reason.PRUNED;
            default -> throw new IllegalArgumentException("unknown stop reason code " + code);
        };
    }

    private static String name(List<String> names, int index) {
        if (index >= names.size()) {
            throw new IllegalArgumentException("family index " + index + " outside the name table of " + names.size());
        }
        return names.get(index);
    }

    /** A count read from the bytes, refused when what it counts could not fit in the rest (a corrupt record). */
    private static int count(int n, int minBytesEach, StateBytes.Reader in, String what) {
        if (n < 0 || (long) n * minBytesEach > in.remaining()) {
            throw new IllegalArgumentException("corrupt model state: " + n + " " + what + " in the " + in.remaining()
                    + " bytes left");
        }
        return n;
    }

    private static int checkedShort(int n, String what) {
        if (n > 0xFFFF) {
            throw new IllegalArgumentException("too many " + what + " for the format: " + n);
        }
        return n;
    }
}
