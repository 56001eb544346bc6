package org.peng4nn.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The one syntax of every duration flag: {@code 500ms}, {@code 90s}, {@code 30m}, {@code 2h} or ISO-8601. */
final class DurationConverter implements ITypeConverter<Duration> {

    /** For option descriptions. */
    static final String SYNTAX = "e.g. 90s, 30m, 2h or PT1H30M";

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String text) {
        return parse(text);
    }

    static Duration parse(String text) {
        Matcher shortForm = SHORT.matcher(text.strip().toLowerCase(Locale.ROOT));
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
            Duration iso = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
            if (iso.isNegative()) {
                throw new TypeConversionException("'" + text + "' is negative");
            }
            return iso;
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not a duration (" + SYNTAX + ")");
        }
    }
}
