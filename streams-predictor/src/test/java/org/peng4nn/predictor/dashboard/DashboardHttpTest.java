package org.peng4nn.predictor.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peng4nn.topics.TopicCatalogue;

/** The dashboard's HTTP surface without Kafka: page, assets, JSON, and manual stop refused without its token. */
class DashboardHttpTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Javalin app;
    private Dashboard dashboard;

    private String start(ManualStop manualStop) {
        DashboardView view = new DashboardView();
        view.apply(DashboardViewTest.epoch("s1", "m1", 1, 0, 42, null));
        view.apply(DashboardViewTest.prediction("s1", "m1", 1, 0, 80));
        dashboard = new Dashboard(view, manualStop);
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            Dashboard.configure(config);
        });
        dashboard.mount(app);
        app.start("127.0.0.1", 0);
        return "http://127.0.0.1:" + app.port();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
        if (dashboard != null) {
            dashboard.close();
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postStop(String base, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/dashboard/api/stop"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"search_id\":\"s1\",\"model_id\":\"m1\"}"));
        if (token != null) {
            request.header(ManualStop.TOKEN_HEADER, token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageItsChartLibraryFromTheWebJarAndTheSearches() throws Exception {
        String base = start(null);
        HttpResponse<String> page = get(base + "/dashboard");
        assertThat(page.statusCode()).isEqualTo(200);
        String uplot = "/webjars/uplot/" + Dashboard.webjarVersion("uplot") + "/dist/uPlot.iife.min.js";
        assertThat(page.body()).contains(uplot).doesNotContain("${uplot}").doesNotContain("https://");
        assertThat(get(base + uplot).statusCode()).isEqualTo(200);
        assertThat(get(base + "/dashboard/dashboard.js").statusCode()).isEqualTo(200);

        JsonNode searches = JSON.readTree(get(base + "/dashboard/api/searches").body());
        assertThat(searches.get(0).get("search_id").asText()).isEqualTo("s1");
        JsonNode search = JSON.readTree(get(base + "/dashboard/api/searches/s1").body());
        assertThat(search.get("rows").get(0).get("predicted_final").asDouble()).isEqualTo(80.0);
        JsonNode curve = JSON.readTree(get(base + "/dashboard/api/searches/s1/models/m1").body());
        assertThat(curve.get("observed").get(0).get("value").asDouble()).isEqualTo(42.0);
        assertThat(get(base + "/dashboard/api/searches/nope").statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(get(base + "/dashboard/api/config").body()).get("manual_stop").asBoolean()).isFalse();
    }

    @Test
    void manualStopIsForbiddenWhileItIsOff() throws Exception {
        String base = start(null);
        HttpResponse<String> answer = postStop(base, "anything");
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("manual stop is off");
    }

    @Test
    void manualStopNeedsTheToken(@TempDir Path dir) throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), "s3cret\n");
        Properties clients = new Properties();
        clients.put("bootstrap.servers", "127.0.0.1:1"); // never reached: every request here is refused first
        String base = start(ManualStop.enable(tokenFile, "--manual-stop-token-file",
                TopicCatalogue.defaults().stopCommands(), clients));
        assertThat(postStop(base, null).statusCode()).isEqualTo(401);
        assertThat(postStop(base, "s3cre").statusCode()).isEqualTo(401);
        assertThat(postStop(base, "wrong").body()).doesNotContain("s3cret");
        assertThat(JSON.readTree(get(base + "/dashboard/api/config").body()).get("manual_stop").asBoolean()).isTrue();
    }

    @Test
    void anEmptyOrMissingTokenFileIsAnErrorNamingTheSetting(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), " \n");
        Properties clients = new Properties();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ManualStop.enable(empty, "http.manual.stop.token.file",
                TopicCatalogue.defaults().stopCommands(), clients))
                .hasMessageContaining("http.manual.stop.token.file").hasMessageContaining("empty");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ManualStop.enable(dir.resolve("none"),
                "http.manual.stop.token.file", TopicCatalogue.defaults().stopCommands(), clients))
                .hasMessageContaining("http.manual.stop.token.file").hasMessageContaining("cannot read");
    }

    @Test
    void onlyLoopbackAddressesCountAsLocal() {
        assertThat(DashboardServer.loopback("127.0.0.1")).isTrue();
        assertThat(DashboardServer.loopback("localhost")).isTrue();
        assertThat(DashboardServer.loopback("0.0.0.0")).isFalse();
    }
}
