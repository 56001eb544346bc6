/**
 * The predictor's HTTP API ({@link org.peng4nn.predictor.http.PredictorHttpApi}): interactive queries
 * over the models state store of every instance, health and Prometheus metrics. The JSON views
 * ({@link org.peng4nn.predictor.http.ModelSummary}, {@link org.peng4nn.predictor.http.ModelDetails},
 * {@link org.peng4nn.predictor.http.SearchLeaderboard}) are pure functions of the stored records;
 * {@code ClusterModels} is the only class that reads stores and asks other instances.
 */
package org.peng4nn.predictor.http;
