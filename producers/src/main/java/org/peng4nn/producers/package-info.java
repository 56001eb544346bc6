/**
 * The client library a JVM trainer uses: {@link org.peng4nn.producers.EpochReporter} publishes each
 * evaluation to the epochs topic and {@link org.peng4nn.producers.StopListener} hands over the
 * predictor's stop commands from the control topic.
 */
package org.peng4nn.producers;
