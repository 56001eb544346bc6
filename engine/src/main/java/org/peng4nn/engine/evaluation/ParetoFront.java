package org.peng4nn.engine.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The settings no other setting beats on both axes at once: more epochs saved and a smaller
 * prediction error. A setting that stops nothing has no error to speak of and sits at the far end.
 */
public final class ParetoFront {
    private ParetoFront() {
    }

    /** The non-dominated items, sorted by epochs saved. */
    public static <T> List<T> of(List<T> items, ToDoubleFunction<T> saved, ToDoubleFunction<T> error) {
        List<T> front = new ArrayList<>();
        for (T candidate : items) {
            boolean dominated = false;
            for (T other : items) {
                if (other != candidate && dominates(other, candidate, saved, error)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front.add(candidate);
            }
        }
        front.sort(Comparator.comparingDouble(saved));
        return front;
    }

    private static <T> boolean dominates(T a, T b, ToDoubleFunction<T> saved, ToDoubleFunction<T> error) {
        double sa = saved.applyAsDouble(a);
        double sb = saved.applyAsDouble(b);
        double ea = errorOf(a, error);
        double eb = errorOf(b, error);
        return sa >= sb && ea <= eb && (sa > sb || ea < eb);
    }

    /** No model stopped early means no prediction was trusted: zero error, and zero savings. */
    private static <T> double errorOf(T item, ToDoubleFunction<T> error) {
        double e = error.applyAsDouble(item);
        return Double.isNaN(e) ? 0 : e;
    }
}
