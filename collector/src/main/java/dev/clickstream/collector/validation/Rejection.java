package dev.clickstream.collector.validation;

/** Why one message was not accepted: a stable machine code and a human sentence. */
public record Rejection(String code, String message) {}
