package org.peng4nn.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.peng4nn.engine.policy.Policies;
import org.peng4nn.engine.policy.PolicyDefinition;
import org.peng4nn.engine.policy.PolicySetting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./peng4nn policies}: the stopping policies and the settings each accepts. */
@Command(name = "policies", mixinStandardHelpOptions = true,
        header = "Lists the stopping policies and their settings.",
        description = "Lists every stopping policy with its settings, defaults and meaning. Settings are given to "
                + "evaluate, tune and replay as --set KEY=VALUE (or --threshold, --window, --c-min).")
final class PoliciesCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print one JSON object as the last line of stdout.")
    boolean json;

    @Override
    public Integer call() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (String name : Policies.names()) {
            String role = name.equals(Policies.DEFAULT) ? " (default)" : name.equals(Policies.REFERENCE) ? " (reference)" : "";
            PolicyDefinition policy = Policies.definition(name);
            System.err.println(name + role + ": " + policy.summary());
            Map<String, Object> described = new LinkedHashMap<>();
            for (PolicySetting<?> s : policy.settings()) {
                System.err.printf("  %-14s %-8s %s%n", s.key(), s.defaultText(), s.help());
                Map<String, Object> setting = new LinkedHashMap<>();
                setting.put("default", s.defaultText());
                setting.put("bounds", s.type().bounds());
                setting.put("description", s.description());
                setting.put("tune", s.tuneGrid());
                described.put(s.key(), setting);
            }
            all.put(name, described);
        }
        if (json) {
            JsonLine.print(System.out, Map.of("default", Policies.DEFAULT, "reference", Policies.REFERENCE, "policies", all));
        }
        return 0;
    }
}
