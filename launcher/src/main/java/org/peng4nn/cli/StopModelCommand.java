package org.peng4nn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.peng4nn.predictor.PredictorConfig;
import org.peng4nn.predictor.dashboard.ManualStop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./peng4nn stop}: stops one model by hand through a dashboard (a predictor's or {@code ./peng4nn dashboard}),
 * which checks the token and publishes the StopCommand. Going through the dashboard keeps the one gate — a token the
 * operator chose to enable — for the page and the command alike, and the dashboard knows each model's current run.
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
        header = "Stops one model by hand (StopCommand with reason MANUAL).",
        description = {"Asks a dashboard with manual stop enabled (a predictor started with "
                + PredictorConfig.MANUAL_STOP_TOKEN_FILE + " or --manual-stop-token-file, or './peng4nn dashboard "
                + "--manual-stop-token-file FILE') to publish a StopCommand with reason MANUAL for the model on the "
                + "control topic; the model's trainer stops it at its next evaluation.",
            "",
            "The token comes from --token-file or the " + StopModelCommand.TOKEN_ENV + " environment variable; it is "
                + "never printed. Exit status 2 when manual stop is off (403), the token is missing or wrong (401) or "
                + "the dashboard does not know the model (404)."},
        footer = {"", "Examples:",
            "  ./peng4nn stop --search demo-20260101-120000 --model demo-20260101-120000-g0-m3 --token-file token",
            "  ./peng4nn stop --url http://127.0.0.1:8095 --search S --model M --run 2 --token-file token --json"})
final class StopModelCommand implements Callable<Integer> {

    static final String TOKEN_ENV = "PENG4NN_STOP_TOKEN";

    @Option(names = "--search", required = true, paramLabel = "S", description = "The model's search id.")
    String searchId;

    @Option(names = "--model", required = true, paramLabel = "M", description = "The model id.")
    String modelId;

    @Option(names = "--run", paramLabel = "R",
            description = "Attempt to stop. Default: the latest the dashboard has seen.")
    Integer run;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://localhost:" + PredictorConfig.AUTO_HTTP_PORT,
            description = "The predictor or dashboard to ask. Default: ${DEFAULT-VALUE}.")
    String url;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the manual stop token.")
    Path tokenFile;

    @Option(names = "--json", description = "Print one JSON object as the last line of stdout.")
    boolean json;

    /** The process environment; tests give their own. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws Exception {
        String token = token();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("search_id", searchId);
        body.put("model_id", modelId);
        body.put("run", run);
        ObjectMapper mapper = new ObjectMapper();
        URI endpoint;
        try {
            endpoint = URI.create(url.replaceAll("/+$", "") + "/dashboard/api/stop");
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--url " + url + ": not a URL");
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header(ManualStop.TOKEN_HEADER, token)
                .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body))).build();
        HttpResponse<String> answer;
        try {
            answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new BadInputException("--url " + url + ": nothing answers there (is a predictor or './peng4nn "
                    + "dashboard' running?)");
        }
        JsonNode reply = parse(mapper, answer.body());
        if (answer.statusCode() != 202) {
            String why = reply != null && reply.hasNonNull("error") ? reply.get("error").asText() : answer.body();
            if (answer.statusCode() >= 500) {
                throw new IOException(endpoint + " answered " + answer.statusCode() + ": " + why);
            }
            throw new BadInputException(endpoint + " answered " + answer.statusCode() + ": " + why);
        }
        System.err.printf("stop (MANUAL) sent for %s run %s of search %s%n", modelId,
                reply == null ? "?" : reply.path("run").asText(), searchId);
        if (json) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("search_id", searchId);
            summary.put("model_id", modelId);
            summary.put("run", reply == null ? run : reply.path("run").asInt());
            summary.put("reason", "MANUAL");
            JsonLine.print(System.out, summary);
        }
        return 0;
    }

    private String token() throws BadInputException {
        if (tokenFile != null) {
            try {
                String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
                if (token.isEmpty()) {
                    throw new BadInputException("--token-file " + tokenFile + ": the file is empty");
                }
                return token;
            } catch (IOException e) {
                throw new BadInputException("--token-file " + tokenFile + ": cannot read it: " + e.getMessage());
            }
        }
        String token = environment.get(TOKEN_ENV);
        if (token == null || token.isBlank()) {
            throw new BadInputException("no manual stop token: give --token-file FILE or set " + TOKEN_ENV);
        }
        return token.strip();
    }

    private static JsonNode parse(ObjectMapper mapper, String body) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
