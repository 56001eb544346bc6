package org.peng4nn.predictor;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way a duration is written, in configuration files, environment variables and command-line flags alike:
 * {@code 500ms}, {@code 90s}, {@code 30m}, {@code 2h} or ISO-8601 ({@code PT1H30M}, any case). It lives beside
 * {@link PredictorConfig}, the lowest reader of duration text, which the launcher's flag converter also reaches; the
 * engine and the event contract carry {@link Duration}s and timestamps, never their text.
 */
public final class DurationSyntax {

    /** For option descriptions and error messages. */
    public static final String EXAMPLES = "e.g. 90s, 30m, 2h or PT1H30M";

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

    private DurationSyntax() {
    }

    /**
     * The duration {@code text} names.
     *
     * @throws IllegalArgumentException quoting the text when it is not a duration, or is negative
     */
    public static Duration parse(String text) {
        String trimmed = text.strip();
        Matcher shortForm = SHORT.matcher(trimmed.toLowerCase(Locale.ROOT));
        try {
            if (shortForm.matches()) {
                long amount = Long.parseLong(shortForm.group(1));
                return switch (shortForm.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            Duration iso = Duration.parse(trimmed.toUpperCase(Locale.ROOT));
            if (iso.isNegative()) {
                throw new IllegalArgumentException("'" + text + "' is negative");
            }
            return iso;
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (" + EXAMPLES + ")", e);
        }
    }
}
