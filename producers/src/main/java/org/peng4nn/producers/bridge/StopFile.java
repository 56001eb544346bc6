package org.peng4nn.producers.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.peng4nn.events.StopCommand;

/**
 * The file the bridge writes for a trainer that checks for one between epochs: the stop command as
 * one JSON line, e.g. {@code {"model_id":"m7","search_id":"s1","run":1,"reason":"CONVERGED",
 * "at_epoch":6.0,"predicted_final":81.4,"issued_at":"2026-11-28T18:00:00Z"}}.
 */
public final class StopFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StopFile() {
    }

    /** The command as the file's one line, without line break. */
    public static String json(StopCommand command) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("model_id", command.getModelId());
        fields.put("search_id", command.getSearchId());
        fields.put("run", command.getRun());
        fields.put("reason", command.getReason().name());
        fields.put("at_epoch", command.getAtEpoch());
        fields.put("predicted_final", command.getPredictedFinal());
        fields.put("issued_at", command.getIssuedAt().toString());
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a stop command as JSON", e);
        }
    }

    /**
     * Writes the file whole or not at all (written aside, then renamed), so a trainer polling for it
     * never reads half a line.
     */
    public static void write(Path file, StopCommand command) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, "." + absolute.getFileName(), ".tmp");
        try {
            Files.writeString(temporary, json(command) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
