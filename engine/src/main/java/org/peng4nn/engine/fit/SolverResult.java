package org.peng4nn.engine.fit;

/** Where one least-squares solve ended, in solver variables. */
record SolverResult(double[] u, boolean converged, int evaluations) {
}
