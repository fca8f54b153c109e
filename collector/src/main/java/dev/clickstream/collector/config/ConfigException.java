package dev.clickstream.collector.config;

/** A configuration problem, worded as one line for the operator. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
