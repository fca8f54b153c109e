package dev.clickstream.collector.validation;

import dev.clickstream.collector.auth.Source;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/** The validation chain, run in order; the first rejection wins. */
public final class MessageValidator {
    private final List<MessageCheck> checks;

    public MessageValidator(int maxMessageIdChars) {
        this.checks = List.of(
                new IdentifierNormalizer(),
                new SegmentSchemaCheck(),
                new IdentifierCheck(maxMessageIdChars),
                new TrackingPlanCheck());
    }

    public Verdict validate(ObjectNode message, Source source) {
        Verdict verdict = new Verdict();
        for (MessageCheck check : checks) {
            Rejection r = check.check(message, source, verdict);
            if (r != null) {
                verdict.reject(r);
                break;
            }
        }
        return verdict;
    }
}
