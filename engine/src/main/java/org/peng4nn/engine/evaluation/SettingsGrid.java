package org.peng4nn.engine.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every combination of a few values per policy setting, in a stable order. */
public final class SettingsGrid {
    private SettingsGrid() {
    }

    /** The cartesian product of the given values; one empty setting for an empty grid. */
    public static List<Map<String, String>> expand(Map<String, List<String>> axes) {
        List<Map<String, String>> settings = new ArrayList<>();
        settings.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : settings) {
                for (String value : axis.getValue()) {
                    Map<String, String> extended = new LinkedHashMap<>(partial);
                    extended.put(axis.getKey(), value);
                    next.add(extended);
                }
            }
            settings = next;
        }
        return settings.stream().map(Map::copyOf).map(SettingsGrid::ordered).toList();
    }

    private static Map<String, String> ordered(Map<String, String> m) {
        return java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(m));
    }
}
