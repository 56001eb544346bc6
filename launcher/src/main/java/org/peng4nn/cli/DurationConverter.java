package org.peng4nn.cli;

import java.time.Duration;
import org.peng4nn.predictor.DurationSyntax;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Duration flags read {@link DurationSyntax}, the syntax of the predictor's configuration keys too. */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String text) {
        return parse(text);
    }

    static Duration parse(String text) {
        try {
            return DurationSyntax.parse(text);
        } catch (IllegalArgumentException e) {
            // picocli reports a TypeConversionException as one line naming the flag
            throw new TypeConversionException(e.getMessage());
        }
    }
}
