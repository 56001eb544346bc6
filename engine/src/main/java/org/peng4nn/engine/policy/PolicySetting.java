package org.peng4nn.engine.policy;

/**
 * One setting a policy accepts, for {@code --help} and for {@code tune} grids.
 *
 * @param key          the name in settings maps (command-line flags may spell '_' as '-')
 * @param defaultValue the value used when the setting is absent, as text
 * @param description  one line: meaning, unit and valid range
 */
public record PolicySetting(String key, String defaultValue, String description) {
}
