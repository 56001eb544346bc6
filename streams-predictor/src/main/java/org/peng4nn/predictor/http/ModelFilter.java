package org.peng4nn.predictor.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.peng4nn.predictor.ModelStatus;

/**
 * The optional filters of {@code GET /models}: {@code ?search_id=} and {@code ?status=}. Null means
 * "any". Peers receive the same filters, so only matching models cross the network.
 */
record ModelFilter(String searchId, ModelStatus status) {

    static final ModelFilter ANY = new ModelFilter(null, null);

    /** Thrown for a filter value the API cannot use; the request gets a 400. */
    static final class BadFilterException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadFilterException(String message) {
            super(message);
        }
    }

    /** The filter from raw query parameters (either may be null or blank). */
    static ModelFilter parse(String searchId, String status) {
        ModelStatus s = null;
        if (status != null && !status.isBlank()) {
            try {
                s = ModelStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadFilterException("unknown status '" + status + "', expected one of "
                        + Arrays.toString(ModelStatus.values()));
            }
        }
        return new ModelFilter(searchId == null || searchId.isBlank() ? null : searchId, s);
    }

    boolean test(ModelSummary m) {
        return (searchId == null || searchId.equals(m.searchId())) && (status == null || status == m.status());
    }

    /** The filter as query parameters ({@code search_id=a&status=STOPPED}), empty for {@link #ANY}. */
    String queryString() {
        List<String> parts = new ArrayList<>();
        if (searchId != null) {
            parts.add("search_id=" + URLEncoder.encode(searchId, StandardCharsets.UTF_8));
        }
        if (status != null) {
            parts.add("status=" + status.name());
        }
        return String.join("&", parts);
    }
}
