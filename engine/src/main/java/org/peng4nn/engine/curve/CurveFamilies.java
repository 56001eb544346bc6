package org.peng4nn.engine.curve;

import java.util.List;
import java.util.stream.Collectors;

/** The curve families the engine knows, by name. */
public final class CurveFamilies {

    /** Every family, PEng4NN's first. */
    public static final List<CurveFamily> ALL = List.of(
            Peng4nnFamily.INSTANCE,
            Pow3Family.INSTANCE,
            WeibullFamily.INSTANCE,
            MmfFamily.INSTANCE,
            JanoschekFamily.INSTANCE,
            LogPowerFamily.INSTANCE);

    private CurveFamilies() {
    }

    public static List<String> names() {
        return ALL.stream().map(CurveFamily::name).toList();
    }

    /** The family called {@code name}; an unknown name is an {@link IllegalArgumentException}. */
    public static CurveFamily byName(String name) {
        for (CurveFamily f : ALL) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown curve family '" + name + "'; known: "
                + ALL.stream().map(CurveFamily::name).collect(Collectors.joining(", ")));
    }
}
