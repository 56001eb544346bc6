package org.peng4nn.producers.python;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.Prediction;
import org.peng4nn.events.ResultStatus;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.StopReason;
import org.peng4nn.events.TrainingJob;
import org.peng4nn.events.serde.AvroSerde;
import org.peng4nn.events.serde.EventSerdes;

/** The fixtures of {@code python/tests/golden.py}, value for value: every event type, optional fields set and unset. */
final class GoldenEvents {

    static final Instant T0 = Instant.parse("2026-11-30T23:59:58.123Z");

    private GoldenEvents() {
    }

    record Golden(String name, SpecificRecord event, AvroSerde<? extends SpecificRecord> serde) {

        @SuppressWarnings("unchecked")
        byte[] encode() {
            return ((AvroSerde<SpecificRecord>) serde).serialize("golden", event);
        }

        Object decode(byte[] bytes) {
            return serde.deserialize("golden", bytes);
        }
    }

    static List<Golden> all() {
        Map<String, String> hyper = new LinkedHashMap<>();   // Avro writes map entries in iteration order
        hyper.put("lr", "0.025");
        hyper.put("batch_size", "96");
        return List.of(
                new Golden("TrainingJob-full", TrainingJob.newBuilder().setSearchId("nas-1").setModelId("modèle-µ-🚀")
                        .setRun(3).setArchitecture("conv3x3-64|pool|fc-10").setDataset("cifar100").setMaxEpochs(25)
                        .setHyperParameters(hyper).setLrMilestones(List.of(10.0, 20.5)).setSubmittedAt(T0).build(),
                        EventSerdes.trainingJob()),
                new Golden("TrainingJob-minimal", TrainingJob.newBuilder().setSearchId("").setModelId("m").setRun(1)
                        .setArchitecture("").setDataset("synthetic").setMaxEpochs(1).setHyperParameters(Map.of())
                        .setSubmittedAt(Instant.EPOCH).build(), EventSerdes.trainingJob()),
                new Golden("EpochMetric-full", EpochMetric.newBuilder().setSearchId("nas-1").setModelId("m-17").setRun(2)
                        .setTrainerId("gpu-node-3").setEpoch(4.5).setMaxEpochs(25).setMetric("val_acc").setValue(63.125)
                        .setTrainAccuracy(70.5).setLoss(0.8125).setEpochDurationMs(123456789012L).setEvalInterval(0.5)
                        .setLrMilestones(List.of(10.0, 20.5)).setEventTime(T0).build(), EventSerdes.epochMetric()),
                new Golden("EpochMetric-minimal", EpochMetric.newBuilder().setSearchId("nas-1").setModelId("m-17").setRun(1)
                        .setTrainerId("t").setEpoch(0.0).setMaxEpochs(25).setValue(0.1).setEventTime(T0).build(),
                        EventSerdes.epochMetric()),
                new Golden("StopCommand-full", StopCommand.newBuilder().setModelId("m-17").setSearchId("nas-1").setRun(2)
                        .setReason(StopReason.CONVERGED).setAtEpoch(7.0).setPredictedFinal(81.25).setIssuedAt(T0).build(),
                        EventSerdes.stopCommand()),
                new Golden("StopCommand-minimal", StopCommand.newBuilder().setModelId("m-18").setSearchId("nas-1").setRun(1)
                        .setReason(StopReason.MANUAL).setAtEpoch(-1.0).setIssuedAt(T0).build(), EventSerdes.stopCommand()),
                new Golden("Prediction-full", Prediction.newBuilder().setSearchId("nas-1").setModelId("m-17").setRun(2)
                        .setEpoch(6.0).setMaxEpochs(25).setPredictedFinal(80.75).setLower(78.5).setUpper(83.0)
                        .setParameters(List.of(91.5, 1.25, 3.0)).setCurveFamily("peng4nn").setConverged(true)
                        .setPredictedAt(T0).build(), EventSerdes.prediction()),
                new Golden("Prediction-minimal", Prediction.newBuilder().setSearchId("nas-1").setModelId("m-17").setRun(2)
                        .setEpoch(3.0).setMaxEpochs(25).setPredictedFinal(55.0).setParameters(List.of())
                        .setCurveFamily("pow3").setConverged(false).setPredictedAt(T0).build(), EventSerdes.prediction()),
                new Golden("ModelResult-full", ModelResult.newBuilder().setSearchId("nas-1").setModelId("m-17").setRun(2)
                        .setStatus(ResultStatus.STOPPED_EARLY).setEpochsUsed(7.5).setMaxEpochs(25).setObservedFinal(74.0)
                        .setPredictedFinal(80.75).setFitness(80.75).setArchitecture("conv3x3-64|pool|fc-10")
                        .setFinishedAt(T0).build(), EventSerdes.modelResult()),
                new Golden("ModelResult-failed", ModelResult.newBuilder().setSearchId("nas-1").setModelId("m-19").setRun(1)
                        .setStatus(ResultStatus.FAILED).setEpochsUsed(0.0).setMaxEpochs(25)
                        .setArchitecture("x").setFailureMessage("CUDA out of memory ✗").setFinishedAt(T0).build(),
                        EventSerdes.modelResult()));
    }
}
