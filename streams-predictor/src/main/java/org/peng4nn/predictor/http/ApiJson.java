package org.peng4nn.predictor.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The API's JSON: snake_case keys, as in the event schemas. The views carry null instead of NaN or
 * infinity, so every document is valid JSON. Unknown keys are skipped when reading a peer's answer,
 * so instances of neighbouring versions can still merge their lists.
 */
final class ApiJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ApiJson() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** A {@code GET /models} answer: a JSON array of summaries. */
    static List<ModelSummary> summaries(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<List<ModelSummary>>() { });
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not a list of model summaries: " + e.getOriginalMessage(), e);
        }
    }
}
