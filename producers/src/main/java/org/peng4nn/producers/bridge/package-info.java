/**
 * The bridge for trainers that only write a metrics log: {@link org.peng4nn.producers.bridge.LogTailer}
 * follows the file, {@link org.peng4nn.producers.bridge.MetricLogParser} reads its lines (pure), and
 * {@link org.peng4nn.producers.bridge.MetricLogBridge} publishes the evaluations and stops the trainer
 * with a stop file and/or a signal. {@code ./peng4nn bridge} is its command line.
 */
package org.peng4nn.producers.bridge;
