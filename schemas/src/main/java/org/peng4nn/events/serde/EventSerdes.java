package org.peng4nn.events.serde;

import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.Prediction;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.TrainingJob;

/**
 * The serde of every event on the bus, in the manner of Kafka's {@code Serdes}. Each call returns a
 * new instance reading the shipped schema history; instances are thread-safe and may be shared.
 */
public final class EventSerdes {

    private EventSerdes() {
    }

    /** Values of the jobs topic. */
    public static AvroSerde<TrainingJob> trainingJob() {
        return AvroSerde.of(TrainingJob.class);
    }

    /** Values of the epochs topic. */
    public static AvroSerde<EpochMetric> epochMetric() {
        return AvroSerde.of(EpochMetric.class);
    }

    /** Values of the control topic. */
    public static AvroSerde<StopCommand> stopCommand() {
        return AvroSerde.of(StopCommand.class);
    }

    /** Values of the predictions topic. */
    public static AvroSerde<Prediction> prediction() {
        return AvroSerde.of(Prediction.class);
    }

    /** Values of the results topic. */
    public static AvroSerde<ModelResult> modelResult() {
        return AvroSerde.of(ModelResult.class);
    }
}
