package org.peng4nn.cli;

import org.peng4nn.events.LrMilestones;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --lr-milestones E1,E2,...}, declared once and mixed into every command that takes it (evaluate, tune,
 * replay, bridge, search, demo), so the flag reads, validates and fails the same everywhere: a bad value is one
 * line naming the flag and the value, exit status 2.
 */
final class LrMilestonesOption {

    static final String NAME = "--lr-milestones";

    @Option(names = NAME, paramLabel = "E1,E2,...", converter = Converter.class,
            description = "Learning-rate milestones: the 0-based epochs that first train at a new rate (e.g. 5,10,15 "
                    + "for a rate cut every 5 epochs), carried by every job and epoch event; no policy stops a model "
                    + "before a milestone it has not learned the effect of. Default: none (a constant rate).")
    LrMilestones milestones = LrMilestones.NONE;

    LrMilestones get() {
        return milestones;
    }

    /** Reads the flag with {@link LrMilestones#parse}, the one reading of the text. */
    static final class Converter implements ITypeConverter<LrMilestones> {
        @Override
        public LrMilestones convert(String text) {
            try {
                return LrMilestones.parse(text);
            } catch (IllegalArgumentException e) {
                // picocli reports a TypeConversionException as "Invalid value for option '--lr-milestones': ..."
                throw new TypeConversionException("'" + text + "': " + e.getMessage());
            }
        }
    }
}
