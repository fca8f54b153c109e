package dev.clickstream.collector.validation;

import dev.clickstream.collector.auth.Source;
import tools.jackson.databind.node.ObjectNode;

/** One small rule in the validation chain. May normalise the message in place. */
public interface MessageCheck {
    /** @return null when the message passes, else why it is rejected */
    Rejection check(ObjectNode message, Source source, Verdict verdict);
}
