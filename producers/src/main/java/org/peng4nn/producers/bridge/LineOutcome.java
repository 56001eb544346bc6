package org.peng4nn.producers.bridge;

import java.util.List;

/** What one line of a metrics log turned out to be. */
public sealed interface LineOutcome {

    /** An evaluation to publish. */
    record Point(LogPoint point) implements LineOutcome {
    }

    /**
     * A CSV header. {@code metricColumn} is null when none of the columns is the validation accuracy:
     * rows are then ignored until a header that has it (Lightning rewrites its header when new metrics appear).
     */
    record Header(List<String> columns, String metricColumn) implements LineOutcome {
    }

    /** Nothing to publish, and nothing wrong: a blank line, a train-only row. */
    record Ignored(String why) implements LineOutcome {
    }

    /** A line that should have held an evaluation but cannot be read; {@code why} says what is wrong with it. */
    record Malformed(String why) implements LineOutcome {
    }
}
