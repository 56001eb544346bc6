package org.peng4nn.events;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A run's learning-rate milestones: the 0-based epochs that first train at a new learning rate (a step schedule
 * that cuts the rate at epochs 5 and 10 has milestones {@code 5,10}). The one parser of the {@code E1,E2,...} text
 * that every command's {@code --lr-milestones} takes, so the flag means the same everywhere; jobs and events carry
 * {@link #epochs()} as their {@code lr_milestones}.
 *
 * @param epochs ascending, distinct, each finite and at least 0; empty for a constant rate (or an unknown schedule)
 */
public record LrMilestones(List<Double> epochs) {

    /** A constant learning rate, or a schedule nobody declared: what events without the field mean. */
    public static final LrMilestones NONE = new LrMilestones(List.of());

    public LrMilestones {
        double[] values = epochs.stream().mapToDouble(Double::doubleValue).toArray();
        epochs = EpochMetrics.milestoneList(values);
        for (int i = 1; i < epochs.size(); i++) {
            if (epochs.get(i).equals(epochs.get(i - 1))) {
                throw new IllegalArgumentException("learning-rate milestone " + text(epochs.get(i))
                        + " is given twice");
            }
        }
    }

    /** Milestones in any order. */
    public static LrMilestones of(double... epochs) {
        return new LrMilestones(Arrays.stream(epochs).boxed().toList());
    }

    /**
     * Reads {@code E1,E2,...} (spaces around the commas allowed; an empty or blank text is {@link #NONE}).
     *
     * @throws IllegalArgumentException naming the part that is not a number or not a valid milestone
     */
    public static LrMilestones parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        String[] parts = text.split(",", -1);
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            try {
                values[i] = Double.parseDouble(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + part + "' is not an epoch number (expected E1,E2,... such "
                        + "as 5,10,15)");
            }
        }
        return of(values);
    }

    /** The milestones a job declared. */
    public static LrMilestones of(TrainingJob job) {
        return job.getLrMilestones() == null ? NONE : new LrMilestones(job.getLrMilestones());
    }

    /** The milestones an event carries. */
    public static LrMilestones of(EpochMetric event) {
        return event.getLrMilestones() == null ? NONE : new LrMilestones(event.getLrMilestones());
    }

    public boolean isEmpty() {
        return epochs.isEmpty();
    }

    public double[] toArray() {
        return epochs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** How many milestones lie at or before {@code epoch}: the number of rate changes an epoch trains after. */
    public int reachedBy(double epoch) {
        int n = 0;
        for (double m : epochs) {
            if (m <= epoch) {
                n++;
            }
        }
        return n;
    }

    /** The flag's text: {@code 5,10,15}, whole epochs without a decimal point; empty for {@link #NONE}. */
    @Override
    public String toString() {
        return epochs.stream().map(LrMilestones::text).collect(Collectors.joining(","));
    }

    private static String text(double epoch) {
        return epoch == Math.rint(epoch) && Math.abs(epoch) < 1e15 ? Long.toString((long) epoch)
                : String.format(Locale.ROOT, "%s", epoch);
    }
}
