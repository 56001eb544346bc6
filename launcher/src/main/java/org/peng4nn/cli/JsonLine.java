package org.peng4nn.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one JSON object a command prints as the last line of stdout under {@code --json}. */
public final class JsonLine {
    private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    private JsonLine() {
    }

    public static void print(PrintStream out, Map<String, ?> object) {
        try {
            out.println(MAPPER.writeValueAsString(clean(object)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
        out.flush();
    }

    /** JSON has no NaN or infinity: an undefined metric is null. */
    private static Object clean(Object value) {
        if (value instanceof Double d && !Double.isFinite(d)) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, clean(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(JsonLine::clean).toList();
        }
        return value;
    }
}
