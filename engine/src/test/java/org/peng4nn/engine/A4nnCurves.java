package org.peng4nn.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The 100 real A4NN learning curves bundled with the project, read by a minimal test-side parser
 * (the product's reader lives elsewhere): one model per consecutive run of rows with the same
 * (arch, genome), with PENGUIN's recorded prediction and convergence flag per epoch.
 */
public final class A4nnCurves {

    /** One model: per-epoch validation accuracy, PENGUIN's recorded prediction and flag. */
    public record Model(String id, double[] epochs, double[] accuracies, double[] recordedPredictions,
            boolean[] recordedConverged) {

        /** The first epoch index PENGUIN flagged as converged, or -1. */
        public int firstConverged() {
            for (int i = 0; i < recordedConverged.length; i++) {
                if (recordedConverged[i]) {
                    return i;
                }
            }
            return -1;
        }

        public int size() {
            return epochs.length;
        }
    }

    private static List<Model> cached;

    private A4nnCurves() {
    }

    public static synchronized List<Model> load() {
        if (cached == null) {
            cached = List.copyOf(parse(locate()));
        }
        return cached;
    }

    static Path locate() {
        String name = "a4nn/1gpu_1e16_training_data.csv";
        List<Path> candidates = new ArrayList<>(List.of(Path.of("../data").resolve(name), Path.of("data").resolve(name)));
        String shared = System.getProperty("peng4nn.shared.dir");
        if (shared != null) {
            candidates.add(Path.of(shared, "data").resolve(name));
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new IllegalStateException("bundled curves not found; looked at " + candidates));
    }

    private static List<Model> parse(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> header = split(lines.get(0));
        int epoch = header.indexOf("epoch");
        int val = header.indexOf("val_accs");
        int pred = header.indexOf("predictions");
        int conv = header.indexOf("converged");
        int genome = header.indexOf("genome");
        int arch = header.indexOf("arch");
        List<Model> models = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        String key = null;
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> f = split(line);
            String k = f.get(arch) + "|" + f.get(genome);
            if (!k.equals(key) && !rows.isEmpty()) {
                models.add(model(key, rows));
                rows.clear();
            }
            key = k;
            rows.add(new String[] {f.get(epoch), f.get(val), f.get(pred), f.get(conv)});
        }
        models.add(model(key, rows));
        return models;
    }

    private static Model model(String key, List<String[]> rows) {
        int n = rows.size();
        double[] e = new double[n];
        double[] a = new double[n];
        double[] p = new double[n];
        boolean[] c = new boolean[n];
        for (int i = 0; i < n; i++) {
            String[] r = rows.get(i);
            e[i] = Double.parseDouble(r[0]);
            a[i] = Double.parseDouble(r[1]);
            p[i] = r[2].equalsIgnoreCase("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(r[2]);
            c[i] = Boolean.parseBoolean(r[3]);
        }
        return new Model(key, e, a, p, c);
    }

    /** CSV fields, honouring double quotes (the genome column holds commas). */
    private static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                fields.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        fields.add(cur.toString());
        return fields;
    }
}
