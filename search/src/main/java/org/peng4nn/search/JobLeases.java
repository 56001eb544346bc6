package org.peng4nn.search;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The leases of a search's pending jobs: which runs have shown no sign of life for the lease time and must be
 * published again (as the next run) or given up. Pure and immutable: every method returns the new state, the clock
 * is the caller's, and the Kafka side (publishing, reading epochs and the trainers' commits) is the driver's.
 *
 * <p>A lease starts when a trainer takes the run (the trainers' group committed past its job record), not when the
 * job is published: a job waiting in the queue behind other jobs is not late, however long it waits. From then on
 * every epoch event of that run renews the lease; events of another run (a superseded trainer still alive, or a
 * stray) never do. So the lease is the longest silence allowed between taking a job and its first epoch event
 * (dataset load, first compile, first epoch) and between two epoch events. A run silent for longer is declared lost:
 * it is re-issued with the next run number until {@code maxRuns} runs were tried, then given up. A run stopped by
 * hand ({@link #stoppedByHand}) is over: its job leaves the leases and is never re-issued.
 *
 * @param lease   the longest silence of a taken run
 * @param maxRuns runs tried per job before it is given up (1 = never re-issued)
 * @param jobs    the lease of each pending job, by model id, in issue order
 */
public record JobLeases(Duration lease, int maxRuns, Map<String, Lease> jobs) {

    /** Runs tried per job by default: the first and two re-issues. */
    public static final int DEFAULT_MAX_RUNS = 3;

    public JobLeases {
        Objects.requireNonNull(lease, "lease");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("the job lease must be positive, got " + lease);
        }
        if (maxRuns < 1) {
            throw new IllegalArgumentException("max runs must be >= 1, got " + maxRuns);
        }
        jobs = Collections.unmodifiableMap(new LinkedHashMap<>(jobs));
    }

    /** No pending job yet. */
    public static JobLeases of(Duration lease, int maxRuns) {
        return new JobLeases(lease, maxRuns, Map.of());
    }

    /**
     * One run of one job.
     *
     * @param modelId    the job
     * @param run        the run now pending; earlier runs are superseded
     * @param issuedAt   when this run was published
     * @param lastSignOf when the run last showed life (taken, or an epoch event); empty while it waits in the queue
     * @param epochs     epoch events of this run seen so far
     * @param lastSeen   the latest evaluation of this run seen (highest epoch), if its events said
     */
    public record Lease(String modelId, int run, Instant issuedAt, Optional<Instant> lastSignOf, int epochs,
                        Optional<Evaluation> lastSeen) {
        public Lease {
            Objects.requireNonNull(modelId, "modelId");
            Objects.requireNonNull(issuedAt, "issuedAt");
            Objects.requireNonNull(lastSignOf, "lastSignOf");
            Objects.requireNonNull(lastSeen, "lastSeen");
        }

        /** Whether a trainer has taken this run. */
        public boolean taken() {
            return lastSignOf.isPresent();
        }

        private Lease alive(Instant at, int moreEpochs) {
            Instant latest = lastSignOf.filter(last -> last.isAfter(at)).orElse(at);
            return new Lease(modelId, run, issuedAt, Optional.of(latest), epochs + moreEpochs, lastSeen);
        }

        private Lease seen(Evaluation evaluation) {
            // events of one run may arrive out of order across retries of a send: the latest epoch is the last seen
            boolean later = lastSeen.map(last -> evaluation.epoch() >= last.epoch()).orElse(true);
            return later ? new Lease(modelId, run, issuedAt, lastSignOf, epochs, Optional.of(evaluation)) : this;
        }
    }

    /**
     * One evaluation an epoch event reported.
     *
     * @param epoch    0-based epoch index
     * @param accuracy the measured validation accuracy in percent
     */
    public record Evaluation(double epoch, double accuracy) {
    }

    /**
     * A manual stop (a {@code StopCommand} with reason MANUAL) of a job's current run: the run as the driver knew it
     * when the command came, and the leases without that job, which is over and never re-issued.
     *
     * @param stopped the lease of the stopped run, with the epochs and the last evaluation seen
     * @param rest    the leases of the other pending jobs
     */
    public record HandStop(Lease stopped, JobLeases rest) {
        public HandStop {
            Objects.requireNonNull(stopped, "stopped");
            Objects.requireNonNull(rest, "rest");
        }
    }

    /**
     * What to do about a lost run: publish {@code nextRun} of the job, or (when {@code nextRun} is empty) give the
     * job up.
     *
     * @param lost     the lease that ran out
     * @param silentFor how long the run was silent
     * @param nextRun  the run to publish, or empty when the job has had {@code maxRuns} runs
     */
    public record Expiry(Lease lost, Duration silentFor, Optional<Integer> nextRun) {

        /** Why the job was given up, for the leaderboard. */
        public String reason(int maxRuns) {
            return "no progress from run " + lost.run() + " for " + silentFor.truncatedTo(ChronoUnit.MILLIS) + " (job lease; " + lost.epochs()
                    + " epochs seen); given up after " + maxRuns + " run" + (maxRuns == 1 ? "" : "s");
        }
    }

    /** The job's {@code run} was published at {@code at}: it replaces any earlier run, and waits to be taken. */
    public JobLeases issued(String modelId, int run, Instant at) {
        Lease current = jobs.get(modelId);
        if (current != null && run <= current.run()) {
            throw new IllegalArgumentException("run " + run + " of " + modelId + " is not after run " + current.run());
        }
        return with(new Lease(modelId, run, at, Optional.empty(), 0, Optional.empty()));
    }

    /** A trainer took the job's {@code run} (seen at {@code at}): its lease starts. Other runs are ignored. */
    public JobLeases taken(String modelId, int run, Instant at) {
        return current(modelId, run).filter(lease -> !lease.taken()).map(lease -> with(lease.alive(at, 0)))
                .orElse(this);
    }

    /**
     * The job's {@code run} is back in the queue (a trainer closed mid-run gave it back): its lease stops until a
     * trainer takes it again, however long it waits. Other runs are ignored.
     */
    public JobLeases requeued(String modelId, int run) {
        return current(modelId, run).filter(Lease::taken)
                .map(lease -> with(new Lease(modelId, run, lease.issuedAt(), Optional.empty(), lease.epochs(),
                        lease.lastSeen())))
                .orElse(this);
    }

    /** An epoch event of the job's {@code run} arrived at {@code at}: its lease is renewed. Other runs are ignored. */
    public JobLeases progress(String modelId, int run, Instant at) {
        return current(modelId, run).map(lease -> with(lease.alive(at, 1))).orElse(this);
    }

    /**
     * An epoch event of the job's {@code run} reporting {@code evaluation} arrived at {@code at}: its lease is renewed,
     * and the evaluation is remembered (it is the run's fitness if the run is then stopped by hand without a
     * prediction). Other runs are ignored.
     */
    public JobLeases progress(String modelId, int run, Evaluation evaluation, Instant at) {
        Objects.requireNonNull(evaluation, "evaluation");
        return current(modelId, run).map(lease -> with(lease.alive(at, 1).seen(evaluation))).orElse(this);
    }

    /**
     * The job's {@code run} was stopped by hand: when that is the job's current run, the job is over (its lease ends,
     * it is never re-issued) and the answer says what was known of the run. A stop of a superseded run, of a run not
     * yet published, or of a job no longer pending answers empty and changes nothing.
     */
    public Optional<HandStop> stoppedByHand(String modelId, int run) {
        return current(modelId, run).map(lease -> new HandStop(lease, ended(modelId)));
    }

    /** The job has its result (or was given up): it has no lease any more. */
    public JobLeases ended(String modelId) {
        if (!jobs.containsKey(modelId)) {
            return this;
        }
        Map<String, Lease> rest = new LinkedHashMap<>(jobs);
        rest.remove(modelId);
        return new JobLeases(lease, maxRuns, rest);
    }

    /** The pending run of a job. */
    public Optional<Lease> lease(String modelId) {
        return Optional.ofNullable(jobs.get(modelId));
    }

    /** The taken runs silent for longer than the lease at {@code now}, in issue order. */
    public List<Expiry> expired(Instant now) {
        List<Expiry> expired = new ArrayList<>();
        for (Lease job : jobs.values()) {
            if (job.lastSignOf().isEmpty()) {
                continue; // still queued
            }
            Duration silent = Duration.between(job.lastSignOf().get(), now);
            if (silent.compareTo(lease) > 0) {
                expired.add(new Expiry(job, silent,
                        job.run() < maxRuns ? Optional.of(job.run() + 1) : Optional.empty()));
            }
        }
        return expired;
    }

    private Optional<Lease> current(String modelId, int run) {
        return Optional.ofNullable(jobs.get(modelId)).filter(lease -> lease.run() == run);
    }

    private JobLeases with(Lease changed) {
        Map<String, Lease> next = new LinkedHashMap<>(jobs);
        next.put(changed.modelId(), changed);
        return new JobLeases(lease, maxRuns, next);
    }
}
