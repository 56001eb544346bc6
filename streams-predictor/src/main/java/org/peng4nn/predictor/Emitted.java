package org.peng4nn.predictor;

import org.apache.kafka.common.header.Headers;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.Prediction;
import org.peng4nn.events.StopCommand;

/**
 * What one epoch event made the predictor publish; each part is null when not produced. One event
 * can produce a prediction, a stop command and a result at once; they are committed together.
 *
 * @param deadLetter the record as received, for the dead-letter topic, when it could not be used
 */
public record Emitted(Prediction prediction, StopCommand stop, ModelResult result, DeadLetter deadLetter) {

    public static final Emitted NOTHING = new Emitted(null, null, null, null);

    /** An unusable record's original bytes and the headers saying why and where it came from. */
    public record DeadLetter(byte[] value, Headers headers) {
    }

    public boolean isEmpty() {
        return prediction == null && stop == null && result == null && deadLetter == null;
    }
}
