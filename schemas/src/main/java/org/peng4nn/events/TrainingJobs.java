package org.peng4nn.events;

import java.time.Instant;
import java.util.Map;

/** The one way to make a {@link TrainingJob}, so attempt numbering and the hyper-parameter copy live in one place. */
public final class TrainingJobs {

    /** Attempt numbers start at 1; a retry of the same model gets the next number. */
    public static final int FIRST_RUN = 1;

    private TrainingJobs() {
    }

    /**
     * The first attempt at training one candidate.
     *
     * @param hyperParameters training settings by name, as text; copied, so later changes to the map do not leak
     */
    public static TrainingJob firstRun(String searchId, String modelId, String architecture, String dataset,
            int maxEpochs, Map<String, String> hyperParameters, Instant submittedAt) {
        return firstRun(searchId, modelId, architecture, dataset, maxEpochs, hyperParameters, LrMilestones.NONE,
                submittedAt);
    }

    /**
     * The same, for a job trained with a stepped learning-rate schedule: the trainer changes the rate at each
     * milestone and copies them onto every epoch event of the run, so the predictor knows a plateau may end there.
     */
    public static TrainingJob firstRun(String searchId, String modelId, String architecture, String dataset,
            int maxEpochs, Map<String, String> hyperParameters, LrMilestones lrMilestones, Instant submittedAt) {
        return TrainingJob.newBuilder()
                .setSearchId(searchId)
                .setModelId(modelId)
                .setRun(FIRST_RUN)
                .setArchitecture(architecture)
                .setDataset(dataset)
                .setMaxEpochs(maxEpochs)
                .setHyperParameters(Map.copyOf(hyperParameters))
                .setLrMilestones(lrMilestones.epochs())
                .setSubmittedAt(submittedAt)
                .build();
    }

    /**
     * The next attempt at the same job, for when the previous one was lost (its trainer died): the same job with the
     * run number one higher, so the predictor starts a fresh curve and ignores what the earlier run still sends.
     */
    public static TrainingJob nextRun(TrainingJob job, Instant submittedAt) {
        return TrainingJob.newBuilder(job).setRun(job.getRun() + 1).setSubmittedAt(submittedAt).build();
    }
}
