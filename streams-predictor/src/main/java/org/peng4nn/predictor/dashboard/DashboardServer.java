package org.peng4nn.predictor.dashboard;

import io.javalin.Javalin;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Properties;
import org.peng4nn.topics.TopicCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone dashboard of {@code ./peng4nn dashboard}: a {@link DashboardFeed} reading the topics and a small
 * HTTP server with the {@link Dashboard} alone. It runs beside a predictor cluster and needs nothing of it but the
 * topics.
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    /** Loopback unless asked otherwise: the page shows every search on the cluster to whoever reaches it. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    private final Javalin app;
    private final Dashboard dashboard;
    private final DashboardFeed feed;
    private final String host;

    private DashboardServer(Javalin app, Dashboard dashboard, DashboardFeed feed, String host) {
        this.app = app;
        this.dashboard = dashboard;
        this.feed = feed;
        this.host = host;
    }

    /**
     * @param clients    Kafka client settings (bootstrap, security)
     * @param host       the address to listen on; anything but a loopback address is logged as a warning
     * @param port       0: any free port
     * @param manualStop null: read-only
     */
    public static DashboardServer start(Properties clients, TopicCatalogue topics, String host, int port,
            ManualStop manualStop) {
        if (!loopback(host)) {
            LOG.warn("the dashboard listens on {}, not only on this machine: anyone who reaches it sees every search"
                    + "{}", host, manualStop != null ? " and, with the token, can stop models" : "");
        }
        DashboardView view = new DashboardView();
        Dashboard dashboard = new Dashboard(view, manualStop);
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            Dashboard.configure(config);
        });
        dashboard.mount(app);
        app.get("/", ctx -> ctx.redirect(Dashboard.PATH));
        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            dashboard.close();
            throw new IllegalStateException("cannot serve the dashboard on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
        DashboardFeed feed = DashboardFeed.start(clients, topics, view);
        return new DashboardServer(app, dashboard, feed, host);
    }

    public int port() {
        return app.port();
    }

    /** The page's address. */
    public String url() {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + port() + Dashboard.PATH;
    }

    /** Whether {@code host} names this machine only (127.0.0.0/8, ::1, localhost); unresolvable: no. */
    public static boolean loopback(String host) {
        // every address the name stands for: "localhost" may also resolve to a public one
        try {
            return Arrays.stream(InetAddress.getAllByName(host)).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            return false; // binding will fail and say so
        }
    }

    @Override
    public void close() {
        feed.close();
        dashboard.close();
        app.stop();
    }
}
