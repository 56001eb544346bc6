package org.peng4nn.producers.bridge;

/**
 * One evaluation read from a trainer's log, converted to the conventions of the events.
 *
 * @param epoch         0-based epoch index (the first evaluation is 0)
 * @param valAccuracy   validation accuracy in percent
 * @param trainAccuracy training accuracy in percent, or null when the log has none
 * @param loss          training loss as logged, or null when the log has none
 */
public record LogPoint(double epoch, double valAccuracy, Double trainAccuracy, Double loss) {
}
