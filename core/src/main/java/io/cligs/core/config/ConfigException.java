package io.cligs.core.config;

/** An invalid configuration value; the message names the variable and says what is wrong. */
public final class ConfigException extends RuntimeException {

    private final String variable;

    public ConfigException(String variable, String message) {
        super(variable + ": " + message);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
