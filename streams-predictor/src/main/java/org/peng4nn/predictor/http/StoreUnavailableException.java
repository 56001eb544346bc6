package org.peng4nn.predictor.http;

/**
 * The models store cannot be read right now (the instance is starting, rebalancing or shutting
 * down), or the instance that owns a model cannot be reached. Answered with 503 and Retry-After:
 * the same request is expected to work a moment later.
 */
final class StoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
